import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class StartReindexDto {
  /** The embedder to move to (one of `GET /api/v1/embedders`). */
  @IsString()
  @MaxLength(200)
  embedderId: string;

  /** Only this workspace's collections. */
  @IsOptional()
  @IsUUID()
  workspaceId?: string;

  /** Only these collections (of `workspaceId`, when given). Without both: every collection of the platform. */
  @IsOptional()
  @IsUUID('all', { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  collectionIds?: string[];
}

export class ReindexSkippedDto {
  collectionId: string;
  /** `already_on_embedder`: nothing to do; `reindex_running`: a re-index of it is under way. */
  @ApiProperty({ enum: ['already_on_embedder', 'reindex_running'] })
  reason: string;
}

export class ReindexStartedDto {
  embedderId: string;
  /** Collections whose re-index was queued; follow them with `GET /api/v1/admin/reindex`. */
  started: string[];
  skipped: ReindexSkippedDto[];
}

export class CollectionReindexProgressDto {
  collectionId: string;
  workspaceId: string;
  name: string;
  @ApiProperty({ enum: ['running', 'failed'] })
  status: string;
  /** The embedder the collection's vectors are from until the swap. */
  embedderId: string;
  targetEmbedderId: string;
  /** Chunks re-embedded so far. */
  @ApiProperty({ type: 'integer' })
  done: number;
  @ApiProperty({ type: 'integer' })
  total: number;
  @ApiProperty({ type: 'string', nullable: true })
  error: string | null;
}

export class EmbedderCollectionsDto {
  embedderId: string;
  @ApiProperty({ type: 'integer' })
  collections: number;
}

export class ReindexProgressDto {
  /** Collections with a running or failed re-index; a finished one is on its new embedder (see `embedders`). */
  items: CollectionReindexProgressDto[];
  @ApiProperty({ type: 'integer' })
  running: number;
  @ApiProperty({ type: 'integer' })
  failed: number;
  /** Chunks re-embedded so far over the running re-indexes. */
  @ApiProperty({ type: 'integer' })
  done: number;
  @ApiProperty({ type: 'integer' })
  total: number;
  /** Collections per embedder, all workspaces. */
  embedders: EmbedderCollectionsDto[];
}
