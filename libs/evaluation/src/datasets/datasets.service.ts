import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { DataSource, In } from 'typeorm';
import type { RequestPrincipal } from '@docqa/auth';
import { isUniqueViolation, validationException } from '@docqa/core';
import { EvaluationErrorCode, EvaluationException } from '../evaluation.errors';
import { EvaluationRunEntity } from '../runs/evaluation-run.entity';
import { EvaluationMetrics } from '../evaluation-metrics';
import {
  DATASET_MAX_BYTES,
  DATASET_MAX_ITEMS,
  type DatasetItemInput,
  describeProblems,
  type LineProblem,
  parseJsonl,
  validateItems,
} from './dataset-jsonl';
import { CreateDatasetDto, type DatasetDetailDto, type DatasetDto } from './dataset.dto';
import { EvaluationDatasetItemEntity } from './evaluation-dataset-item.entity';
import { EvaluationDatasetEntity } from './evaluation-dataset.entity';
import { readDatasetUpload } from './dataset-upload';

function notFound(): EvaluationException {
  return new EvaluationException(EvaluationErrorCode.DatasetNotFound, 'evaluation dataset not found');
}

/** Rows per INSERT: well below PostgreSQL's 65535 bind parameters at 6 columns. */
const INSERT_BATCH = 500;

@Injectable()
export class DatasetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: EvaluationMetrics,
  ) {}

  /** Creates a dataset from a multipart JSONL upload or a JSON body; nothing is stored unless every item is valid. */
  async create(principal: RequestPrincipal, request: FastifyRequest): Promise<DatasetDto> {
    const { name, description, items } = request.isMultipart()
      ? await this.fromMultipart(request)
      : this.fromJson(request);
    if (!items.length) {
      throw new EvaluationException(EvaluationErrorCode.InvalidDataset, 'the dataset has no items');
    }
    if (items.length > DATASET_MAX_ITEMS) {
      throw new EvaluationException(
        EvaluationErrorCode.DatasetTooLarge,
        `the dataset has ${items.length} items; at most ${DATASET_MAX_ITEMS} are accepted`,
      );
    }
    const dataset = await this.dataSource.transaction(async (manager) => {
      const row = manager.create(EvaluationDatasetEntity, {
        workspaceId: principal.workspaceId,
        name,
        description: description ?? null,
        itemCount: items.length,
        unanswerableCount: items.filter((i) => i.referenceContexts?.length === 0).length,
        createdBy: principal.userId,
      });
      try {
        await manager.save(row);
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw new EvaluationException(
            EvaluationErrorCode.DatasetNameTaken,
            `an evaluation dataset named "${name}" already exists in this workspace`,
          );
        }
        throw err;
      }
      for (let i = 0; i < items.length; i += INSERT_BATCH) {
        await manager.insert(
          EvaluationDatasetItemEntity,
          items.slice(i, i + INSERT_BATCH).map((item, j) => ({
            datasetId: row.id,
            position: i + j + 1,
            line: item.line,
            question: item.question,
            groundTruth: item.groundTruth,
            referenceContexts: item.referenceContexts ?? null,
          })),
        );
      }
      return row;
    });
    return this.toDto(dataset);
  }

  async list(principal: RequestPrincipal): Promise<DatasetDto[]> {
    const rows = await this.dataSource.manager.find(EvaluationDatasetEntity, {
      where: { workspaceId: principal.workspaceId },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    return rows.map((r) => this.toDto(r));
  }

  async get(principal: RequestPrincipal, id: string): Promise<DatasetDetailDto> {
    const row = await this.find(principal.workspaceId, id);
    const items = await this.items(row.id);
    return {
      ...this.toDto(row),
      items: items.map((i) => ({
        position: i.position,
        line: i.line,
        question: i.question,
        groundTruth: i.groundTruth,
        ...(i.referenceContexts ? { referenceContexts: i.referenceContexts } : {}),
      })),
    };
  }

  /** Deletes the dataset and its items; its finished runs stay (they copy what they need). 409 while one runs. */
  async delete(principal: RequestPrincipal, id: string): Promise<void> {
    const row = await this.find(principal.workspaceId, id);
    const busy = await this.dataSource.manager.countBy(EvaluationRunEntity, {
      datasetId: row.id,
      status: In(['queued', 'running']),
    });
    if (busy) {
      throw new EvaluationException(
        EvaluationErrorCode.RunInProgress,
        'a run of this dataset is queued or running: wait for it to finish',
      );
    }
    await this.dataSource.manager.delete(EvaluationDatasetEntity, { id: row.id });
    this.metrics.datasetDeleted(row.id);
  }

  async find(workspaceId: string, id: string): Promise<EvaluationDatasetEntity> {
    const row = await this.dataSource.manager.findOneBy(EvaluationDatasetEntity, { id, workspaceId });
    if (!row) throw notFound();
    return row;
  }

  items(datasetId: string): Promise<EvaluationDatasetItemEntity[]> {
    return this.dataSource.manager.find(EvaluationDatasetItemEntity, {
      where: { datasetId },
      order: { position: 'ASC' },
    });
  }

  private async fromMultipart(
    request: FastifyRequest,
  ): Promise<{ name: string; description?: string; items: DatasetItemInput[] }> {
    const upload = await readDatasetUpload(request, DATASET_MAX_BYTES);
    const meta = this.checkedBody({ name: upload.name, description: upload.description, jsonl: '' });
    return { name: meta.name, description: meta.description, items: this.checked(parseJsonl(upload.content), 'line') };
  }

  private fromJson(request: FastifyRequest): { name: string; description?: string; items: DatasetItemInput[] } {
    const type = request.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) {
      throw new EvaluationException(
        EvaluationErrorCode.UnsupportedMediaType,
        'send the dataset as multipart/form-data (a JSONL file in the field "file") or as application/json',
      );
    }
    const body = this.checkedBody(request.body);
    if ((body.items === undefined) === (body.jsonl === undefined)) {
      throw new EvaluationException(
        EvaluationErrorCode.NoDataset,
        'give the items either as "items" (an array) or as "jsonl" (JSONL text), not both or neither',
      );
    }
    const items =
      body.items !== undefined
        ? this.checked(validateItems(body.items), 'item')
        : this.checked(parseJsonl(body.jsonl!), 'line');
    return { name: body.name, description: body.description, items };
  }

  /** The JSON body checked like any DTO (the route reads the raw request, so the global pipe cannot). */
  private checkedBody(body: unknown): CreateDatasetDto {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new EvaluationException(EvaluationErrorCode.NoDataset, 'the body must be a JSON object');
    }
    const dto = plainToInstance(CreateDatasetDto, body);
    const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) throw validationException(errors);
    return dto;
  }

  private checked(
    parsed: { items: DatasetItemInput[]; problems: LineProblem[] },
    what: 'line' | 'item',
  ): DatasetItemInput[] {
    if (parsed.problems.length) {
      throw new EvaluationException(EvaluationErrorCode.InvalidDataset, describeProblems(parsed.problems, what));
    }
    return parsed.items;
  }

  private toDto(row: EvaluationDatasetEntity): DatasetDto {
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      itemCount: row.itemCount,
      unanswerableCount: row.unanswerableCount,
      createdBy: row.createdBy,
      createdAt: row.createdAt,
    };
  }
}
