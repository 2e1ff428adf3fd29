import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UsageRecorder } from './usage-recorder';
import { usageRange } from './usage-range';

/** What a platform usage report can be broken down by. */
export const USAGE_DIMENSIONS = ['day', 'workspace', 'provider', 'model'] as const;
export type UsageDimension = (typeof USAGE_DIMENSIONS)[number];

export interface PlatformUsageQuery {
  /** First UTC day, `YYYY-MM-DD`, inclusive; default the 1st of this month. */
  from?: string;
  /** Last UTC day, inclusive; default today. */
  to?: string;
  /** Default: every dimension, in the order of USAGE_DIMENSIONS. */
  groupBy?: UsageDimension[];
  workspaceId?: string;
  provider?: string;
  model?: string;
}

export interface PlatformUsageRow {
  day?: string;
  workspaceId?: string;
  /** Null once the workspace was deleted (its rows go with it, so this is rare). */
  workspaceName?: string | null;
  provider?: string;
  model?: string;
  calls: number;
  failedCalls: number;
  inputTokens: number;
  outputTokens: number;
  estimatedCalls: number;
  costUsd: number;
}

export interface PlatformUsageReport {
  from: string;
  to: string;
  groupBy: UsageDimension[];
  rows: PlatformUsageRow[];
  totals: Omit<PlatformUsageRow, UsageDimension | 'workspaceId' | 'workspaceName'>;
}

/** Calls that ended without an answer, per provider, model and error code. */
export interface FailedCallSummary {
  provider: string;
  model: string;
  errorCode: string | null;
  calls: number;
  lastAt: Date;
}

const COLUMNS: Record<UsageDimension, { select: string; group: string }> = {
  day: { select: `to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day`, group: 'day' },
  workspace: { select: 'w.name AS workspace_name, u.workspace_id', group: 'w.name, u.workspace_id' },
  provider: { select: 'u.provider', group: 'u.provider' },
  model: { select: 'u.model', group: 'u.model' },
};

interface RawRow {
  day?: string;
  workspace_id?: string;
  workspace_name?: string | null;
  provider?: string;
  model?: string;
  calls: number;
  failed_calls: number;
  input_tokens: string;
  output_tokens: string;
  estimated_calls: number;
  cost_usd: string | null;
}

const round8 = (n: number) => Math.round(n * 1e8) / 1e8;

/** LLM usage and cost across every workspace, from the `llm_usage` table, for platform admins. */
@Injectable()
export class PlatformUsageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly recorder: UsageRecorder,
  ) {}

  async report(query: PlatformUsageQuery): Promise<PlatformUsageReport> {
    const range = usageRange(query.from, query.to);
    const groupBy = USAGE_DIMENSIONS.filter((d) => (query.groupBy?.length ? query.groupBy.includes(d) : true));
    const params: unknown[] = [range.from, range.end];
    const where = ['u.created_at >= $1', 'u.created_at < $2'];
    for (const [column, value] of [
      ['u.workspace_id', query.workspaceId?.toLowerCase()],
      ['u.provider', query.provider],
      ['u.model', query.model],
    ] as const) {
      if (value === undefined) continue;
      params.push(value);
      where.push(`${column} = $${params.length}${column === 'u.workspace_id' ? '::uuid' : ''}`);
    }
    const selected = groupBy.map((d) => COLUMNS[d].select);
    const grouped = groupBy.map((d) => COLUMNS[d].group);
    await this.recorder.flush();
    const raw = (await this.dataSource.query(
      `SELECT ${[...selected, ''].join(', ')}
              count(*)::int AS calls,
              (count(*) FILTER (WHERE u.outcome <> 'ok'))::int AS failed_calls,
              COALESCE(sum(u.input_tokens), 0)::bigint AS input_tokens,
              COALESCE(sum(u.output_tokens), 0)::bigint AS output_tokens,
              (count(*) FILTER (WHERE u.tokens_estimated))::int AS estimated_calls,
              COALESCE(sum(u.cost_usd), 0) AS cost_usd
         FROM llm_usage u LEFT JOIN workspaces w ON w.id = u.workspace_id
        WHERE ${where.join(' AND ')}
        ${grouped.length ? `GROUP BY ${grouped.join(', ')} ORDER BY ${grouped.join(', ')}` : ''}`,
      params,
    )) as RawRow[];
    // Without a breakdown the aggregate has one row even when nothing was called: no row then.
    const rows = raw.filter((r) => r.calls > 0).map((r) => this.toRow(r, groupBy));
    const totals = rows.reduce(
      (t, r) => ({
        calls: t.calls + r.calls,
        failedCalls: t.failedCalls + r.failedCalls,
        inputTokens: t.inputTokens + r.inputTokens,
        outputTokens: t.outputTokens + r.outputTokens,
        estimatedCalls: t.estimatedCalls + r.estimatedCalls,
        costUsd: round8(t.costUsd + r.costUsd),
      }),
      { calls: 0, failedCalls: 0, inputTokens: 0, outputTokens: 0, estimatedCalls: 0, costUsd: 0 },
    );
    return { from: range.fromDay, to: range.toDay, groupBy, rows, totals };
  }

  /** Calls that failed or were cut off since `since`, every api instance's, newest problem first. */
  async failedCalls(since: Date): Promise<FailedCallSummary[]> {
    await this.recorder.flush();
    const rows = (await this.dataSource.query(
      `SELECT provider, model, error_code, count(*)::int AS calls, max(created_at) AS last_at
         FROM llm_usage WHERE outcome IN ('failed', 'interrupted') AND created_at >= $1
        GROUP BY provider, model, error_code ORDER BY max(created_at) DESC`,
      [since],
    )) as { provider: string; model: string; error_code: string | null; calls: number; last_at: Date }[];
    return rows.map((r) => ({
      provider: r.provider,
      model: r.model,
      errorCode: r.error_code,
      calls: r.calls,
      lastAt: new Date(r.last_at),
    }));
  }

  private toRow(r: RawRow, groupBy: UsageDimension[]): PlatformUsageRow {
    return {
      ...(groupBy.includes('day') ? { day: r.day } : {}),
      ...(groupBy.includes('workspace')
        ? { workspaceId: r.workspace_id, workspaceName: r.workspace_name ?? null }
        : {}),
      ...(groupBy.includes('provider') ? { provider: r.provider } : {}),
      ...(groupBy.includes('model') ? { model: r.model } : {}),
      calls: r.calls,
      failedCalls: r.failed_calls,
      inputTokens: Number(r.input_tokens),
      outputTokens: Number(r.output_tokens),
      estimatedCalls: r.estimated_calls,
      costUsd: round8(Number(r.cost_usd ?? 0)),
    };
  }
}
