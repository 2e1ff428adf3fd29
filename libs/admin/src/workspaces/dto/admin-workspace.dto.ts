import { ApiProperty } from '@nestjs/swagger';
import { BudgetStatusDto } from '@docqa/llm-router';

export class QuotaFigureDto {
  /** What the workspace holds now. */
  @ApiProperty({ type: 'integer' })
  used: number;

  /** The limit that applies; null: none. */
  @ApiProperty({ type: 'integer', nullable: true })
  limit: number | null;

  /** The workspace's own limit, set by a platform admin; null: the default (WORKSPACE_MAX_*) applies. */
  @ApiProperty({ type: 'integer', nullable: true })
  own: number | null;
}

export class WorkspaceQuotasDto {
  workspaceId: string;

  /** Documents, counted on upload (403 `QUOTA_EXCEEDED` past the limit). */
  documents: QuotaFigureDto;

  /** Bytes of uploaded originals, counted on upload (403 `QUOTA_EXCEEDED` past the limit). */
  storageBytes: QuotaFigureDto;

  /** The monthly LLM budget the LLM router enforces (402 `LLM_BUDGET_EXCEEDED` once spent). */
  llmBudget: BudgetStatusDto;
}

export class AdminWorkspaceDto {
  id: string;
  name: string;
  /** A user's personal workspace, created at registration. */
  personal: boolean;
  personalOwnerId: string | null;
  @ApiProperty({ type: 'integer' })
  memberCount: number;
  ownerEmails: string[];
  /** Documents stored, all statuses. */
  @ApiProperty({ type: 'integer' })
  documentCount: number;
  /** Bytes of uploaded originals. */
  @ApiProperty({ type: 'integer' })
  storageBytes: number;
  /** The workspace's own LLM calls per minute; null: LLM_RATE_LIMIT_PER_MINUTE applies. */
  @ApiProperty({ type: 'integer', nullable: true })
  llmCallsPerMinute: number | null;
  createdAt: Date;
}

export class AdminWorkspacePageDto {
  /** Ordered by name. */
  items: AdminWorkspaceDto[];
  @ApiProperty({ type: 'integer' })
  total: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export class AdminWorkspaceDetailDto extends AdminWorkspaceDto {
  quotas: WorkspaceQuotasDto;
}
