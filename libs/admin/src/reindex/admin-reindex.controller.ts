import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  CurrentPrincipal,
  PlatformAdmin,
  RequestContext,
  type RequestContextInfo,
  type RequestPrincipal,
} from '@docqa/auth';
import { CollectionReindexService } from '@docqa/documents';
import { ReindexProgressDto, ReindexStartedDto, StartReindexDto } from './dto/admin-reindex.dto';

@ApiTags('admin')
@ApiBearerAuth()
@ApiSecurity('api-key')
@PlatformAdmin()
@Controller('admin/reindex')
export class AdminReindexController {
  constructor(private readonly reindex: CollectionReindexService) {}

  /**
   * Re-indexes collections with another embedder: the listed ones, a workspace's, or every collection. Each
   * runs as the collection's `reindex` job (search keeps the old vectors until all new ones are in). Audited.
   */
  @Post()
  @HttpCode(202)
  startReindex(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Body() body: StartReindexDto,
    @RequestContext() context: RequestContextInfo,
  ): Promise<ReindexStartedDto> {
    return this.reindex.startReindex(principal, body, context);
  }

  /** Progress of every running re-index, failed ones with their error, and collections per embedder. */
  @Get()
  getReindexProgress(): Promise<ReindexProgressDto> {
    return this.reindex.reindexProgress();
  }
}
