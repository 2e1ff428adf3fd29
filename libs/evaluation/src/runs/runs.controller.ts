import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole, type RequestPrincipal } from '@docqa/auth';
import {
  CompareRunsQueryDto,
  CreateRunDto,
  ListRunsQueryDto,
  RunComparisonDto,
  RunDto,
  RunIdParamDto,
  RunItemPageDto,
  RunItemsQueryDto,
  RunListDto,
} from './run.dto';
import { RunsService } from './runs.service';

/** Evaluation runs of the caller's workspace: a dataset asked of the pipeline as it is configured, and scored. */
@ApiTags('evaluation')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('evaluation/runs')
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  /**
   * Starts a run: every question of the dataset goes through the agent (nothing is stored as a conversation),
   * and each answer is scored for faithfulness, answer relevancy, context precision and recall, retrieval hit
   * and citation precision, each by an LLM judge or offline as `judge` decides and the scores say. Answers
   * 202 with the run (`queued`); follow `progress` on `GET /evaluation/runs/:id`. Editors and owners.
   */
  @Post()
  @HttpCode(202)
  @RequireRole('editor')
  createEvaluationRun(@CurrentPrincipal() principal: RequestPrincipal, @Body() dto: CreateRunDto): Promise<RunDto> {
    return this.runs.create(principal, dto);
  }

  /** The workspace's runs, newest first, optionally of one dataset. */
  @Get()
  async listEvaluationRuns(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Query() query: ListRunsQueryDto,
  ): Promise<RunListDto> {
    return { items: await this.runs.list(principal, query) };
  }

  /**
   * Compares runs (`?ids=a,b`, up to ten; the first is the baseline): each metric's mean per run and its
   * delta against the first, the configuration settings that differ, and for runs of the same dataset the
   * questions whose scores moved, largest drop first.
   */
  @Get('compare')
  compareEvaluationRuns(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Query() query: CompareRunsQueryDto,
  ): Promise<RunComparisonDto> {
    return this.runs.compare(principal, query.ids);
  }

  /** A run: status, progress, the configuration it evaluated and, once completed, its per-metric summary. */
  @Get(':id')
  getEvaluationRun(@CurrentPrincipal() principal: RequestPrincipal, @Param() params: RunIdParamDto): Promise<RunDto> {
    return this.runs.get(principal, params.id);
  }

  /** The run's results per question: answer, outcome, retrieved passages, citations and every metric's score. */
  @Get(':id/items')
  listEvaluationRunItems(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param() params: RunIdParamDto,
    @Query() query: RunItemsQueryDto,
  ): Promise<RunItemPageDto> {
    return this.runs.items(principal, params.id, query);
  }

  /** Deletes a finished run and its results; 409 while it is queued or running. */
  @Delete(':id')
  @HttpCode(204)
  @RequireRole('editor')
  deleteEvaluationRun(@CurrentPrincipal() principal: RequestPrincipal, @Param() params: RunIdParamDto): Promise<void> {
    return this.runs.delete(principal, params.id);
  }
}
