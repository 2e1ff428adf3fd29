import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { EmbeddingService } from '@docqa/embeddings';
import { EmbeddersDto } from './embedder.dto';

/** The embedders this deployment can index a collection with. */
@ApiTags('collections')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('embedders')
export class EmbeddersController {
  constructor(private readonly embeddings: EmbeddingService) {}

  /** Lists the embedders available here, and which one new collections get. */
  @Get()
  listEmbedders(): Promise<EmbeddersDto> {
    return this.embeddings.describe();
  }
}
