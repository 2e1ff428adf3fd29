import { LlmRouterErrorCode, LlmRouterException } from '../llm-router.errors';
import { monthOf } from '../settings/budget-state';

/** Longest range one report covers. */
export const MAX_USAGE_DAYS = 366;
const DAY_MS = 86_400_000;

function parseDay(value: string, name: string): Date {
  const date = new Date(`${value}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new LlmRouterException(LlmRouterErrorCode.InvalidUsageQuery, `${name} is not a calendar date: ${value}`);
  }
  return date;
}

/** A report's UTC days, `from` and `to` inclusive: by default from the 1st of this month to today. */
export interface UsageRange {
  from: Date;
  to: Date;
  /** The instant after the last day: rows are taken `>= from` and `< end`. */
  end: Date;
  fromDay: string;
  toDay: string;
}

export function usageRange(fromDay: string | undefined, toDay: string | undefined, now = new Date()): UsageRange {
  const from = parseDay(fromDay ?? monthOf(now).start.toISOString().slice(0, 10), 'from');
  const to = parseDay(toDay ?? now.toISOString().slice(0, 10), 'to');
  if (to < from) throw new LlmRouterException(LlmRouterErrorCode.InvalidUsageQuery, 'to must not be before from');
  if ((to.getTime() - from.getTime()) / DAY_MS >= MAX_USAGE_DAYS) {
    throw new LlmRouterException(
      LlmRouterErrorCode.InvalidUsageQuery,
      `at most ${MAX_USAGE_DAYS} days can be reported at once`,
    );
  }
  return {
    from,
    to,
    end: new Date(to.getTime() + DAY_MS),
    fromDay: from.toISOString().slice(0, 10),
    toDay: to.toISOString().slice(0, 10),
  };
}
