import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { ASK_OUTCOMES, type AskOutcome } from '../../agent.types';
import { AnswerCitationDto, AnswerSourceDto, AskUsageDto, VerificationSummaryDto } from '../../chat/answer.dto';

export class CreateConversationDto {
  /** Shown in lists; default: the first question, once asked. */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  title?: string;
}

export class ConversationIdParamDto {
  @IsUUID()
  id: string;
}

export class ListConversationsQueryDto {
  /** Page size, 1 to 100 (default 20). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  /** `nextCursor` of the previous page. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class ConversationDto {
  id: string;
  /** The title given at creation, else the first question; null before any. */
  title: string | null;
  /** Question-and-answer turns so far. */
  turnCount: number;
  createdAt: Date;
  /** When the last turn was recorded. */
  updatedAt: Date;
}

export class ConversationPageDto {
  /** Most recently active first. */
  items: ConversationDto[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

export class ConversationMessageDto {
  id: string;
  /** 1-based; a question and its answer share it. */
  turn: number;
  @ApiProperty({ enum: ['user', 'assistant'] })
  role: 'user' | 'assistant';
  content: string;
  /** Answers: how the run ended. */
  @ApiProperty({ enum: ASK_OUTCOMES, nullable: true })
  outcome: AskOutcome | null;
  /** Answers: the standalone question the documents were searched with. */
  rewrittenQuery: string | null;
  sources: AnswerSourceDto[];
  citations: AnswerCitationDto[];
  verification: VerificationSummaryDto | null;
  usage: AskUsageDto | null;
  createdAt: Date;
}

export class ConversationDetailDto extends ConversationDto {
  /** The rolling summary of the turns older than the agent's memory keeps word for word. */
  summary: string;
  /** Every message, oldest first. */
  messages: ConversationMessageDto[];
}
