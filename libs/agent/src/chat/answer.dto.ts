import { ApiProperty } from '@nestjs/swagger';

export class AnswerToolDto {
  server: string;
  name: string;
}

/** A passage the answer may cite as `[n]`: a retrieved chunk, or a tool's result. */
export class AnswerSourceDto {
  /** The number the answer cites it by. */
  n: number;
  /** The chunk's id (for a tool's result, the tool call's id). */
  chunkId: string;
  /** The document's id (empty for a tool's result). */
  documentId: string;
  title: string | null;
  filename: string;
  /** PDF page (the first, for a passage across pages). */
  page?: number;
  /** PPTX slide (the first). */
  slide?: number;
  /** CSV/XLSX data row (the first). */
  row?: number;
  /** Last page, slide or row the passage covers (equal to the first when it covers one). */
  unitEnd?: number;
  sheet?: string;
  headingPath: string[];
  /** The passage (up to 300 characters). */
  snippet: string;
  @ApiProperty({ enum: ['document', 'tool'] })
  kind: 'document' | 'tool';
  tool?: AnswerToolDto;
}

/** A citation in the answer, bound to a source that was retrieved. */
export class AnswerCitationDto {
  n: number;
  chunkId: string;
  documentId: string;
  /** Start of the cited sentence in `answer` (UTF-16 code units). */
  start: number;
  /** End of the cited sentence in `answer` (exclusive). */
  end: number;
}

export class VerificationSummaryDto {
  /** Sentences kept because the chunks they cite support them. */
  supported: number;
  /** Sentences removed (or regenerated) because nothing they cite supports them. */
  removed: number;
  /** Citations dropped because they named no retrieved source. */
  invalidCitations: number;
  /** The answer was generated a second time after the first had unsupported sentences. */
  regenerated: boolean;
}

export class AskUsageDto {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  llmCalls: number;
  /** Providers and models (`provider:model`) that served the run's LLM calls. */
  models: string[];
}
