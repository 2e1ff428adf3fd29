import type { BudgetStatus } from '../chat/chat-result';

/** The calendar month (UTC) holding `at`: budgets are monthly and reset on the 1st, 00:00 UTC. */
export function monthOf(at: Date): { key: string; start: Date; end: Date } {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const end = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  return { key: start.toISOString().slice(0, 7), start, end };
}

/** Where a workspace stands against its budget: a warning past `warnRatio` of it, exceeded at 100%. */
export function budgetStatus(monthlyUsd: number | null, spentUsd: number, warnRatio: number): BudgetStatus {
  const spent = Math.round(spentUsd * 1e8) / 1e8;
  if (monthlyUsd === null) return { monthlyUsd: null, spentUsd: spent, state: 'none' };
  const state = spent >= monthlyUsd ? 'exceeded' : spent >= monthlyUsd * warnRatio ? 'warning' : 'ok';
  return { monthlyUsd, spentUsd: spent, state };
}
