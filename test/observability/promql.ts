/**
 * Just enough PromQL reading to check dashboards and alert rules against the metrics the code exports: which
 * metric names an expression selects, which labels its selectors match on, and which labels it groups by.
 * Not a parser: it relies on expressions being well formed (promtool checks that where it is installed).
 */
export interface PromQlUse {
  /** Metric names, as selected (histograms with their `_bucket`/`_sum`/`_count` suffix). */
  metrics: string[];
  /** Each selector's metric and the label names its matchers use. */
  selectors: { metric: string; labels: string[] }[];
  /** Labels named in `by (...)`, `without (...)`, `on (...)`, `ignoring (...)`, `group_left/right (...)`. */
  grouping: string[];
}

const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan', 'atomic']);
const GROUPING = /\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g;
const IDENT = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;

export function readPromQl(expr: string): PromQlUse {
  let text = expr
    // Grafana's variables ($__rate_interval, ${var}) only appear in ranges and label values here.
    .replace(/\$\{?\w+\}?/g, '1m')
    .replace(/\[[^\]]*\]/g, ' '); // range and subquery durations
  // Label values may hold anything (commas, braces, names): read matchers before dropping the strings.
  const selectors: PromQlUse['selectors'] = [];
  const blocks: string[] = [];
  text = text.replace(/\{((?:[^{}"'`]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)*)\}/g, (_, body: string) => {
    blocks.push(body);
    return `{#${blocks.length - 1}}`;
  });
  const grouping: string[] = [];
  text = text.replace(GROUPING, (_, _kw: string, labels: string) => {
    grouping.push(
      ...labels
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean),
    );
    return ' ';
  });
  const metrics: string[] = [];
  for (let i = 0; i < text.length;) {
    const c = text[i];
    if (/[0-9.]/.test(c)) {
      // A number (0.95, 1e3) or a duration (5m): skip it whole so its letters are not read as a name.
      const m = /^[0-9.]+(e[+-]?[0-9]+)?[a-zA-Z]*/i.exec(text.slice(i))!;
      i += m[0].length;
      continue;
    }
    IDENT.lastIndex = i;
    const m = IDENT.exec(text);
    if (!m) {
      i += 1;
      continue;
    }
    i += m[0].length;
    const rest = text.slice(i).trimStart();
    if (rest.startsWith('(') || KEYWORDS.has(m[0].toLowerCase())) continue; // a function or an operator
    metrics.push(m[0]);
    const block = /^\{#(\d+)\}/.exec(rest);
    if (block) selectors.push({ metric: m[0], labels: matcherLabels(blocks[Number(block[1])]) });
  }
  return { metrics: [...new Set(metrics)], selectors, grouping: [...new Set(grouping)] };
}

function matcherLabels(body: string): string[] {
  return [
    ...body.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)\s*(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)/g),
  ].map((m) => m[1]);
}

/** The metric a histogram or summary series belongs to: `x_bucket` -> `x`. */
export function baseMetric(name: string, histograms: ReadonlySet<string>): string {
  const m = /^(.*)_(bucket|sum|count)$/.exec(name);
  return m && histograms.has(m[1]) ? m[1] : name;
}
