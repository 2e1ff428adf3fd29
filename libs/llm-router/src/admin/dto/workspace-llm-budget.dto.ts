import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Max, Min, ValidateIf } from 'class-validator';
import { BudgetStatusDto } from '../../usage/dto/usage-report.dto';

export const MAX_MONTHLY_BUDGET_USD = 10_000_000;

export class SetWorkspaceLlmBudgetDto {
  /**
   * The workspace's LLM budget per calendar month (UTC) in US dollars, cents at most; null removes it. Past
   * LLM_BUDGET_WARN_PERCENT of it calls carry a warning; once it is spent, calls are refused (402).
   */
  @ApiProperty({ type: 'number', nullable: true, minimum: 0, maximum: MAX_MONTHLY_BUDGET_USD, example: 50 })
  @ValidateIf((_dto, value) => value !== null)
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(MAX_MONTHLY_BUDGET_USD)
  monthlyUsd: number | null;
}

export class WorkspaceLlmBudgetDto {
  workspaceId: string;

  budget: BudgetStatusDto;
}
