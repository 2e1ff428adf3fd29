import { Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiSecurity,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentPrincipal, RequireRole, type RequestPrincipal } from '@docqa/auth';
import {
  CreateDatasetDto,
  DatasetDetailDto,
  DatasetDto,
  DatasetIdParamDto,
  DatasetListDto,
  DatasetUploadFormDto,
} from './dataset.dto';
import { DatasetsService } from './datasets.service';

/** Evaluation datasets of the caller's workspace: questions with their reference answers, uploaded as JSONL. */
@ApiTags('evaluation')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('evaluation/datasets')
export class DatasetsController {
  constructor(private readonly datasets: DatasetsService) {}

  /**
   * Creates a dataset from JSONL, one `{ "question", "groundTruth", "referenceContexts"? }` object per line
   * (`referenceContexts: []` marks a question the documents cannot answer). Multipart: the file in the field
   * `file`, with optional `name` and `description` fields; or JSON: `{ name, description?, items | jsonl }`.
   * Every line is checked: 422 lists the bad ones by number; 413 above 10 MiB or 5,000 items. Editors and owners.
   */
  @Post()
  @RequireRole('editor')
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiExtraModels(CreateDatasetDto, DatasetUploadFormDto)
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(DatasetUploadFormDto) }, { $ref: getSchemaPath(CreateDatasetDto) }] },
  })
  createEvaluationDataset(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Req() request: FastifyRequest,
  ): Promise<DatasetDto> {
    return this.datasets.create(principal, request);
  }

  /** The workspace's datasets, newest first. */
  @Get()
  async listEvaluationDatasets(@CurrentPrincipal() principal: RequestPrincipal): Promise<DatasetListDto> {
    return { items: await this.datasets.list(principal) };
  }

  /** A dataset with its items in order. */
  @Get(':id')
  getEvaluationDataset(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param() params: DatasetIdParamDto,
  ): Promise<DatasetDetailDto> {
    return this.datasets.get(principal, params.id);
  }

  /** Deletes a dataset; its finished runs stay readable. 409 while one of its runs is queued or running. */
  @Delete(':id')
  @HttpCode(204)
  @RequireRole('editor')
  deleteEvaluationDataset(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param() params: DatasetIdParamDto,
  ): Promise<void> {
    return this.datasets.delete(principal, params.id);
  }
}
