import type { PlatformUsageReport, UsageDimension } from '@docqa/llm-router';

const DIMENSION_COLUMNS: Record<
  UsageDimension,
  Array<'day' | 'workspaceId' | 'workspaceName' | 'provider' | 'model'>
> = {
  day: ['day'],
  workspace: ['workspaceId', 'workspaceName'],
  provider: ['provider'],
  model: ['model'],
};

const METRICS = ['calls', 'failedCalls', 'inputTokens', 'outputTokens', 'estimatedCalls', 'costUsd'] as const;

/**
 * One CSV field (RFC 4180 quoting). Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at
 * its start; workspace names are anyone's input) gets a leading apostrophe, as OWASP advises.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The report's rows as CSV: a header line, then one line per row; CRLF line ends (RFC 4180). */
export function usageCsv(report: PlatformUsageReport): string {
  const columns = [...report.groupBy.flatMap((d) => DIMENSION_COLUMNS[d]), ...METRICS];
  const lines = [columns.join(',')];
  for (const row of report.rows) {
    lines.push(columns.map((c) => csvField((row as unknown as Record<string, unknown>)[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
