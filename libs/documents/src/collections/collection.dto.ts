import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { TEXT_SEARCH_CONFIGS } from '../language/text-search-languages';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateCollectionDto {
  /** Unique in the workspace, ignoring case. */
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /**
   * The language every document of the collection is keyword-indexed in (its stemmer and stop words), instead
   * of each document's detected language; `simple` for none (words are only lower-cased). Null or absent:
   * detect it per document. A document's own `language` metadata comes first.
   */
  @ApiProperty({ enum: TEXT_SEARCH_CONFIGS, required: false, nullable: true, type: String })
  @IsOptional()
  @IsIn(TEXT_SEARCH_CONFIGS)
  language?: string | null;
}

export class UpdateCollectionDto {
  /** A new name, unique in the workspace ignoring case. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /**
   * Another embedder for the collection (one of `GET /api/v1/embedders`): starts a re-index that embeds
   * every chunk again and swaps all vectors at once when done; search uses the old ones until then.
   */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  embedderId?: string;

  /**
   * The language the collection's documents are keyword-indexed in (see create), null to detect it per
   * document. Applies to documents ingested or reprocessed (`POST /documents/:id/reprocess`) afterwards.
   */
  @ApiProperty({ enum: TEXT_SEARCH_CONFIGS, required: false, nullable: true, type: String })
  @IsOptional()
  @IsIn(TEXT_SEARCH_CONFIGS)
  language?: string | null;
}

export class CollectionIdParamDto {
  @IsUUID()
  id: string;
}

export class ReindexDto {
  @ApiProperty({ enum: ['running', 'failed'] })
  status: 'running' | 'failed';

  /** The embedder the collection moves to. */
  embedderId: string;

  /** Chunks embedded so far. */
  done: number;

  total: number;

  error: string | null;
}

export class CollectionDto {
  id: string;

  name: string;

  description: string | null;

  /** The embedder whose vectors the collection's chunks hold. */
  embedderId: string;

  embeddingDimension: number;

  /** The language documents are keyword-indexed in; null: detected per document. */
  @ApiProperty({ enum: TEXT_SEARCH_CONFIGS, nullable: true, type: String })
  language: string | null;

  documentCount: number;

  /** Set while a re-index runs, or after one failed. */
  reindex: ReindexDto | null;

  createdAt: Date;

  updatedAt: Date;
}

export class CollectionListDto {
  items: CollectionDto[];
}
