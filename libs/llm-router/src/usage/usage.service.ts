import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RequestPrincipal } from '@docqa/auth';
import { BudgetService } from '../settings/budget.service';
import type { UsageQueryDto } from './dto/usage-query.dto';
import type { UsageReportDto, UsageRowDto } from './dto/usage-report.dto';
import { UsageRecorder } from './usage-recorder';
import { usageRange } from './usage-range';

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
    const range = usageRange(query.from, query.to);
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
      [principal.workspaceId.toLowerCase(), range.from, range.end],
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
      from: range.fromDay,
      to: range.toDay,
      rows,
      totals,
      budget: await this.budgets.status(principal.workspaceId),
    };
  }
}
