import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type RequestPrincipal } from '@docqa/auth';
import { SearchRequestDto, SearchResponseDto } from './search.dto';
import { SearchService } from './search.service';

/** Hybrid search over the documents of the caller's workspace. */
@ApiTags('search')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('search')
export class SearchController {
  constructor(private readonly searchService: SearchService) {}

  /**
   * Searches the workspace's chunks: vector (pgvector HNSW) and keyword (BM25) legs fused, optionally reranked,
   * each result with its text, scores per leg, document, page, slide or row, heading path and highlights.
   * Collections and documents named in the request must be the workspace's (404 otherwise).
   */
  @Post()
  @HttpCode(200)
  search(@CurrentPrincipal() principal: RequestPrincipal, @Body() body: SearchRequestDto): Promise<SearchResponseDto> {
    return this.searchService.search(principal, body);
  }
}
