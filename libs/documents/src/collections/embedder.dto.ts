import { ApiProperty } from '@nestjs/swagger';

export class EmbedderDto {
  /** What a collection records, and what `PATCH /collections/:id` takes as `embedderId`. */
  id: string;

  @ApiProperty({ enum: ['local', 'offline', 'openai', 'cohere'] })
  provider: string;

  model: string;

  /** Unknown until a local model is loaded. */
  dimension: number | null;

  /** Loaded or connected in this process already. */
  ready: boolean;
}

export class EmbeddersDto {
  /** What new collections are indexed with. */
  defaultId: string;

  /** What the configuration asks for; differs from `defaultId` when the local model could not be loaded. */
  configuredId: string;

  /** Why `defaultId` is not `configuredId`, with how to fix it. */
  fallbackReason?: string;

  available: EmbedderDto[];
}
