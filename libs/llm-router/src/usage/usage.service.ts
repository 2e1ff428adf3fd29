import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RequestPrincipal } from '@docqa/auth';
import { LlmRouterErrorCode, LlmRouterException } from '../llm-router.errors';
import { BudgetService } from '../settings/budget.service';
import { monthOf } from '../settings/budget-state';
import type { UsageQueryDto } from './dto/usage-query.dto';
import type { UsageReportDto, UsageRowDto } from './dto/usage-report.dto';
import { UsageRecorder } from './usage-recorder';

const MAX_DAYS = 366;
const DAY_MS = 86_400_000;

function parseDay(value: string, name: string): Date {
  const date = new Date(`${value}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new LlmRouterException(LlmRouterErrorCode.InvalidUsageQuery, `${name} is not a calendar date: ${value}`);
  }
  return date;
}

interface RawRow {
  day: string;
  provider: string;
  model: string;
  key_source: string;
  calls: number;
  failed_calls: number;
  input_tokens: string;
  output_tokens: string;
  estimated_calls: number;
  cost_usd: string;
}

/** LLM usage of the caller's workspace, by day, provider, model and key source. */
@Injectable()
export class UsageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly recorder: UsageRecorder,
    private readonly budgets: BudgetService,
  ) {}

  async report(principal: RequestPrincipal, query: UsageQueryDto): Promise<UsageReportDto> {
    const today = new Date().toISOString().slice(0, 10);
    const from = parseDay(query.from ?? monthOf(new Date()).start.toISOString().slice(0, 10), 'from');
    const to = parseDay(query.to ?? today, 'to');
    if (to < from) throw new LlmRouterException(LlmRouterErrorCode.InvalidUsageQuery, 'to must not be before from');
    if ((to.getTime() - from.getTime()) / DAY_MS >= MAX_DAYS) {
      throw new LlmRouterException(
        LlmRouterErrorCode.InvalidUsageQuery,
        `at most ${MAX_DAYS} days can be reported at once`,
      );
    }
    // This process's calls still waiting to be written belong in the report.
    await this.recorder.flush();
    const raw = (await this.dataSource.query(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, provider, model, key_source,
              count(*)::int AS calls,
              (count(*) FILTER (WHERE outcome <> 'ok'))::int AS failed_calls,
              sum(input_tokens)::bigint AS input_tokens,
              sum(output_tokens)::bigint AS output_tokens,
              (count(*) FILTER (WHERE tokens_estimated))::int AS estimated_calls,
              sum(cost_usd) AS cost_usd
         FROM llm_usage
        WHERE workspace_id = $1 AND created_at >= $2 AND created_at < $3
        GROUP BY 1, 2, 3, 4
        ORDER BY 1, 2, 3, 4`,
      [principal.workspaceId.toLowerCase(), from, new Date(to.getTime() + DAY_MS)],
    )) as RawRow[];
    const rows: UsageRowDto[] = raw.map((r) => ({
      day: r.day,
      provider: r.provider,
      model: r.model,
      keySource: r.key_source,
      calls: r.calls,
      failedCalls: r.failed_calls,
      inputTokens: Number(r.input_tokens),
      outputTokens: Number(r.output_tokens),
      estimatedCalls: r.estimated_calls,
      costUsd: Number(r.cost_usd),
    }));
    const totals = rows.reduce(
      (t, r) => ({
        calls: t.calls + r.calls,
        inputTokens: t.inputTokens + r.inputTokens,
        outputTokens: t.outputTokens + r.outputTokens,
        costUsd: Math.round((t.costUsd + r.costUsd) * 1e8) / 1e8,
      }),
      { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
    );
    return {
      workspaceId: principal.workspaceId,
      from: from.toISOString().slice(0, 10),
      to: to.toISOString().slice(0, 10),
      rows,
      totals,
      budget: await this.budgets.status(principal.workspaceId),
    };
  }
}
