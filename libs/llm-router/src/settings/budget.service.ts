import { performance } from 'node:perf_hooks';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@docqa/core';
import type { BudgetStatus } from '../chat/chat-result';
import { LlmRouterErrorCode, LlmRouterException } from '../llm-router.errors';
import { UsageRecorder } from '../usage/usage-recorder';
import { budgetStatus, monthOf } from './budget-state';
import { WorkspaceLlmSettingsService } from './workspace-llm-settings.service';

/** How long a process trusts its running total of a workspace's month before reading the sum again. */
export const SPEND_CACHE_MS = 30_000;

interface Spend {
  month: string;
  usd: number;
  loadedAt: number;
}

/**
 * Monthly budgets: a running total of each workspace's spend this month (UTC), read from `llm_usage` and
 * then kept up to date by this process's own calls, re-read every 30 s so that other instances' calls
 * count too. Past LLM_BUDGET_WARN_PERCENT of the budget, calls carry a warning; at 100% they are refused.
 * Calls already under way when the budget is reached finish (a budget can be overshot by those).
 */
@Injectable()
export class BudgetService {
  private readonly logger = new Logger('LlmBudget');
  private readonly spend = new Map<string, Spend>();
  private readonly loading = new Map<string, Promise<number>>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly config: AppConfig,
    private readonly settings: WorkspaceLlmSettingsService,
    private readonly recorder: UsageRecorder,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The workspace's standing; throws BudgetExceeded (402) when it has spent its budget. */
  async check(workspaceId: string): Promise<BudgetStatus> {
    const status = await this.status(workspaceId);
    if (status.state === 'exceeded') {
      const resume = monthOf(new Date()).end.toISOString().slice(0, 10);
      throw new LlmRouterException(
        LlmRouterErrorCode.BudgetExceeded,
        `this workspace has used $${status.spentUsd.toFixed(2)} of its monthly LLM budget of ` +
          `$${status.monthlyUsd!.toFixed(2)}: LLM calls resume on ${resume} (UTC), or sooner if a platform admin raises the budget`,
      );
    }
    if (status.state === 'warning') this.warnOnce(workspaceId, status);
    return status;
  }

  async status(workspaceId: string): Promise<BudgetStatus> {
    const [settings, spent] = await Promise.all([this.settings.settingsOf(workspaceId), this.monthSpend(workspaceId)]);
    return budgetStatus(settings.monthlyBudgetUsd, spent, this.config.llm.budgetWarnRatio);
  }

  /** Adds a call's cost to the running total (the row itself is written by the usage recorder). */
  addSpend(workspaceId: string, usd: number): void {
    const entry = this.spend.get(workspaceId.toLowerCase());
    if (entry && entry.month === monthOf(new Date()).key) entry.usd += usd;
  }

  /** Forgets the running total, so the next check reads the sum again (after an admin change, in tests). */
  forget(workspaceId: string): void {
    this.spend.delete(workspaceId.toLowerCase());
  }

  private monthSpend(workspaceId: string): Promise<number> | number {
    const id = workspaceId.toLowerCase();
    const month = monthOf(new Date());
    const entry = this.spend.get(id);
    if (entry && entry.month === month.key && performance.now() - entry.loadedAt < SPEND_CACHE_MS) return entry.usd;
    let load = this.loading.get(id);
    if (!load) {
      load = this.load(id, month).finally(() => this.loading.delete(id));
      this.loading.set(id, load);
    }
    return load;
  }

  private async load(id: string, month: ReturnType<typeof monthOf>): Promise<number> {
    // This process's rows still waiting to be written must be in the sum.
    await this.recorder.flush();
    const [row] = (await this.dataSource.query(
      `SELECT COALESCE(SUM(cost_usd), 0) AS usd FROM llm_usage WHERE workspace_id = $1 AND created_at >= $2 AND created_at < $3`,
      [id, month.start, month.end],
    )) as Array<{ usd: string }>;
    const usd = Number(row?.usd ?? 0);
    this.spend.set(id, { month: month.key, usd, loadedAt: performance.now() });
    return usd;
  }

  private warnOnce(workspaceId: string, status: BudgetStatus): void {
    const key = `${workspaceId}\0${monthOf(new Date()).key}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.logger.warn(
      { workspaceId, spentUsd: status.spentUsd, monthlyUsd: status.monthlyUsd },
      'workspace has used most of its monthly LLM budget',
    );
  }
}
