import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNumber, Max, Min, ValidateIf } from 'class-validator';
import { MAX_MONTHLY_BUDGET_USD } from '@docqa/llm-router';

/** A field left out keeps its value; null clears the workspace's own limit (the default applies). */
export class SetWorkspaceQuotasDto {
  /** Documents the workspace may hold (0 freezes uploads). */
  @ApiProperty({ type: 'integer', nullable: true, minimum: 0, required: false, example: 1000 })
  @ValidateIf((_dto, value) => value !== null && value !== undefined)
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  maxDocuments?: number | null;

  /** Bytes of uploaded originals the workspace may hold. */
  @ApiProperty({ type: 'integer', nullable: true, minimum: 0, required: false, example: 10_737_418_240 })
  @ValidateIf((_dto, value) => value !== null && value !== undefined)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  maxStorageBytes?: number | null;

  /** The monthly LLM budget in US dollars (the LLM router's, as `PUT .../llm-budget` sets it); null removes it. */
  @ApiProperty({ type: 'number', nullable: true, minimum: 0, maximum: MAX_MONTHLY_BUDGET_USD, required: false })
  @ValidateIf((_dto, value) => value !== null && value !== undefined)
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(MAX_MONTHLY_BUDGET_USD)
  monthlyLlmUsd?: number | null;
}
