import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { ASK_OUTCOMES, type AskOutcome } from '../agent.types';
import { AnswerCitationDto, AnswerSourceDto, AskUsageDto, VerificationSummaryDto } from './answer.dto';

export class ChatRequestDto {
  /** The question, 1 to 4000 characters. */
  @IsString()
  @Length(1, 4000)
  question: string;

  /** Continue this conversation (yours, in this workspace); without it, a new one is started. */
  @IsOptional()
  @IsUUID()
  conversationId?: string;

  /** Search only these collections (up to 50). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  collectionIds?: string[];

  /** Search only these documents (up to 100). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  documentIds?: string[];
}

export class ChatTimingsDto {
  totalMs: number;
  /** From the start of the run to the first answer token; null when none was sent. */
  firstTokenMs: number | null;
  /** Time spent in LLM calls. */
  llmMs: number;
  /** LLM time before the first answer token: the rest of `firstTokenMs` is the agent's own. */
  llmFirstTokenMs?: number;
}

/**
 * The answer. Each citation names a source (`n`) that was retrieved and the sentence of `answer` it
 * supports; the answer's `[n]` markers are the same numbers.
 */
export class ChatResponseDto {
  answer: string;
  citations: AnswerCitationDto[];
  sources: AnswerSourceDto[];
  /** The conversation the turn was recorded in (new unless one was given). */
  conversationId: string | null;
  /** The answer's message in the conversation. */
  messageId: string | null;
  /**
   * `answered`; `unanswerable` (the documents do not contain the answer, and it says so); `blocked` (the
   * question was refused by the workspace's safety policy); `from_conversation` (answered from the
   * conversation itself).
   */
  @ApiProperty({ enum: ASK_OUTCOMES })
  outcome: AskOutcome;
  /** The standalone question the documents were searched with. */
  rewrittenQuery: string;
  verification: VerificationSummaryDto;
  /** Correction loops taken (searching again with another query). */
  loops: number;
  usage: AskUsageDto;
  timings: ChatTimingsDto;
}
