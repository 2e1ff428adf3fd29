import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole, type RequestPrincipal } from '@docqa/auth';
import {
  CollectionDto,
  CollectionIdParamDto,
  CollectionListDto,
  CreateCollectionDto,
  UpdateCollectionDto,
} from './collection.dto';
import { CollectionsService } from './collections.service';

/** Collections of the caller's workspace: every document belongs to one, and each is indexed by one embedder. */
@ApiTags('collections')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('collections')
export class CollectionsController {
  constructor(private readonly service: CollectionsService) {}

  /** Lists the workspace's collections with their document counts. */
  @Get()
  async listCollections(@CurrentPrincipal() principal: RequestPrincipal): Promise<CollectionListDto> {
    return { items: await this.service.list(principal) };
  }

  /** Creates a collection, indexed by the deployment's default embedder. Editors and owners. */
  @Post()
  @RequireRole('editor')
  createCollection(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Body() body: CreateCollectionDto,
  ): Promise<CollectionDto> {
    return this.service.create(principal, body);
  }

  @Get(':id')
  getCollection(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param() params: CollectionIdParamDto,
  ): Promise<CollectionDto> {
    return this.service.get(principal, params.id);
  }

  /** Renames a collection, or moves it to another embedder (a re-index job; progress in `reindex`). */
  @Patch(':id')
  @RequireRole('editor')
  updateCollection(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param() params: CollectionIdParamDto,
    @Body() body: UpdateCollectionDto,
  ): Promise<CollectionDto> {
    return this.service.update(principal, params.id, body);
  }

  /** Deletes a collection with all its documents, chunks, vectors and files. */
  @Delete(':id')
  @HttpCode(204)
  @RequireRole('editor')
  deleteCollection(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param() params: CollectionIdParamDto,
  ): Promise<void> {
    return this.service.delete(principal, params.id);
  }
}
