import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length, ValidateIf } from 'class-validator';

export class SetLlmChainDto {
  /**
   * The workspace's fallback chain, tried in order: `provider` or `provider:model` (providers: groq, openai,
   * anthropic, cohere, gemini, openai-compatible, offline). Null returns the workspace to the platform's chain.
   */
  @ApiProperty({ type: [String], nullable: true, example: ['groq:llama-3.3-70b-versatile', 'openai', 'offline'] })
  @ValidateIf((_dto, value) => value !== null)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @IsString({ each: true })
  @Length(1, 240, { each: true })
  chain: string[] | null;
}

export class LlmChainDto {
  /** The workspace's own chain; null when the platform's applies. */
  @ApiProperty({ type: [String], nullable: true })
  chain: string[] | null;

  /** The chain calls follow (without a per-request override), each entry with its model. */
  effectiveChain: string[];

  /** Where the effective chain comes from. */
  @ApiProperty({ enum: ['workspace', 'platform', 'default'] })
  source: string;
}
