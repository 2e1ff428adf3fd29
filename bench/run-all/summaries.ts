import type { SummaryRow } from '../results';

/**
 * The headline rows of each benchmark's results file (bench/results/<name>.json): its figure next to the
 * baseline measured in the same run, the ratio the target is stated on, the target and the verdict. A file
 * with `summary` rows (bench:scale, bench:load, and any benchmark that adds them) is taken as it is; the
 * earlier benchmarks' files are read here, each by its own shape; anything else falls back to its `checks`.
 * Pure, so test/bench/run-all-summaries.spec.ts pins each reader down.
 */

// Results files are JSON written by other scripts: read defensively.
type J = Record<string, unknown>;
const obj = (v: unknown): J => (v && typeof v === 'object' && !Array.isArray(v) ? (v as J) : {});
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const fixed = (v: number | undefined, digits = 1) => (v === undefined ? '-' : v.toFixed(digits));
const ratioOf = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && b !== 0 ? `${(a / b).toFixed(2)}x` : undefined;

function fromChecks(results: J): SummaryRow[] {
  const checks = Array.isArray(results.checks) ? results.checks : [];
  return checks.map((c) => {
    const check = obj(c);
    return {
      figure: String(check.label ?? ''),
      value: String(check.value ?? ''),
      target: check.target === undefined ? undefined : String(check.target),
      pass: typeof check.pass === 'boolean' ? check.pass : undefined,
    };
  });
}

function http(r: J): SummaryRow[] {
  const bare = obj(obj(r.bare).best);
  const docqa = obj(obj(r.docqa).best);
  const target = obj(r.target);
  const ratio = num(r.ratio);
  const rows: SummaryRow[] = [
    {
      figure: `${String(r.route ?? 'GET /api/v1/health')} requests/s through the whole API`,
      value: fixed(num(docqa.rps), 0),
      baseline: `${fixed(num(bare.rps), 0)} (bare Fastify)`,
      ratio: ratio === undefined ? undefined : `${ratio.toFixed(2)}x`,
      target: num(target.ratio) === undefined ? undefined : `>= ${num(target.ratio)}x`,
      pass: ratio !== undefined && num(target.ratio) !== undefined ? ratio >= num(target.ratio)! : undefined,
    },
    {
      figure: 'p99 (ms) at that load',
      value: fixed(num(docqa.p99), 0),
      baseline: `${fixed(num(bare.p99), 0)} (bare Fastify)`,
    },
  ];
  for (const [key, label] of [
    ['firstStartMs', 'embedded first start to ready (ms)'],
    ['laterStartMs', 'embedded later start to ready (ms)'],
  ] as const) {
    const v = num(r[key]);
    const t = num(target[key]);
    rows.push({
      figure: label,
      value: fixed(v, 0),
      target: t === undefined ? undefined : `< ${t}`,
      pass: v !== undefined && t !== undefined ? v < t : undefined,
    });
  }
  return rows;
}

function parse(r: J): SummaryRow[] {
  const target = num(obj(r.target).ratio);
  return (['withoutBomb', 'withBomb'] as const)
    .filter((k) => r[k])
    .map((k) => {
      const c = obj(r[k]);
      const pool = num(obj(c.pool).pagesPerSecond);
      const alone = num(obj(c.alone).pagesPerSecond);
      const ratio = num(c.ratio);
      return {
        figure: `parser pool pages/s, ${k === 'withBomb' ? 'with' : 'without'} bomb_giant.pdf`,
        value: fixed(pool, 0),
        baseline: `${fixed(alone, 0)} (parser libraries alone, one file after another)`,
        ratio: ratio === undefined ? undefined : `${ratio.toFixed(2)}x`,
        target: target === undefined ? undefined : `>= ${target}x`,
        pass: ratio !== undefined && target !== undefined ? ratio >= target : undefined,
      };
    });
}

function ingest(r: J): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const targets = obj(r.targets);
  for (const k of ['withoutBomb', 'withBomb'] as const) {
    const set = obj(r[k]);
    const lc = num(obj(obj(set.langchain).summary).unitsPerSecond);
    for (const p of Array.isArray(set.docqa) ? set.docqa : []) {
      const run = obj(p);
      const s = obj(run.summary);
      const pps = num(s.unitsPerSecond);
      const t = num(targets[k]);
      rows.push({
        figure: `${String(run.pipeline)} pages/s, ${k === 'withBomb' ? 'with' : 'without'} bomb_giant.pdf`,
        value: fixed(pps, 1),
        baseline: lc === undefined ? undefined : `${fixed(lc, 1)} (LangChain.js pipeline)`,
        ratio: ratioOf(pps, lc),
        target: t === undefined || lc === undefined ? undefined : `>= ${t}x`,
        pass: t === undefined || pps === undefined || lc === undefined ? undefined : pps / lc >= t,
      });
    }
  }
  // The other checks (peak RSS, lost documents, parse throughput) as the benchmark stated them.
  return [...rows, ...fromChecks(r).filter((c) => !/ \/ LangChain pages\/s$/.test(c.figure))];
}

function llmRouter(r: J): SummaryRow[] {
  const target = obj(r.target);
  const totals = obj(obj(r.overhead).totalMs);
  const ttft = obj(obj(r.ttft).ttftMs);
  const p50 = (table: J, name: string) => num(obj(table[name]).p50);
  const direct = p50(totals, 'direct SDK (stream)');
  const rows: SummaryRow[] = [];
  for (const [name, label] of [
    ['router.stream', 'stream'],
    ['router.chat', 'chat'],
  ] as const) {
    const own = p50(totals, name);
    const added = own !== undefined && direct !== undefined ? own - direct : undefined;
    const t = num(target.addedP50Ms);
    rows.push({
      figure: `router.${label} whole call p50 (ms), fake answering at once`,
      value: fixed(own, 3),
      baseline: `${fixed(direct, 3)} (OpenAI SDK directly)`,
      ratio: added === undefined ? undefined : `+${added.toFixed(3)} ms`,
      target: t === undefined ? undefined : `<= +${t} ms`,
      pass: added !== undefined && t !== undefined ? added <= t : undefined,
    });
  }
  const own = p50(ttft, 'router.stream');
  const base = p50(ttft, 'direct SDK (stream)');
  const t = num(target.ttftRatio);
  rows.push({
    figure: 'time to first token p50 (ms), router.stream',
    value: fixed(own, 1),
    baseline: `${fixed(base, 1)} (OpenAI SDK directly)`,
    ratio: ratioOf(own, base),
    target: t === undefined ? undefined : `<= ${t}x`,
    pass: own !== undefined && base !== undefined && t !== undefined ? own / base <= t : undefined,
  });
  return rows;
}

function safety(r: J): SummaryRow[] {
  const pii = obj(r.pii);
  const inj = obj(r.injection);
  const prompt = obj(r.prompt);
  return [
    {
      figure: 'PII analysis, every recognizer (MB/s)',
      value: fixed(num(pii.analyzerMBps), 2),
      baseline: `${fixed(num(pii.baselinePhoneOnlyMBps), 2)} (libphonenumber-js phone numbers alone)`,
      ratio: ratioOf(num(pii.analyzerMBps), num(pii.baselinePhoneOnlyMBps)),
    },
    {
      figure: 'prompt-injection scan (MB/s)',
      value: fixed(num(inj.scannerMBps), 1),
      baseline: `${fixed(num(inj.baselineSeparateRegexesMBps), 1)} (each pattern as its own regex)`,
      ratio: ratioOf(num(inj.scannerMBps), num(inj.baselineSeparateRegexesMBps)),
    },
    { figure: 'redact and restore a 10-passage prompt (ms)', value: fixed(num(prompt.redactAndRestoreMs), 2) },
  ];
}

function agent(r: J): SummaryRow[] {
  const target = num(obj(r.target).agentBeforeFirstTokenP50Ms);
  return (Array.isArray(r.phases) ? r.phases : []).map((p) => {
    const phase = obj(p);
    const own = num(obj(phase.agentBeforeFirstTokenMs).p50);
    const ttft = num(obj(phase.ttftMs).p50);
    const llm = num(obj(phase.llmFirstTokenMs).p50);
    return {
      figure: `chat (SSE) time to first token p50 (ms), ${String(phase.mode)}, ${String(phase.llm)}: the agent's share`,
      value: fixed(own, 1),
      baseline: `${fixed(ttft, 1)} to the first token, ${fixed(llm, 1)} of it the LLM's`,
      target: target === undefined ? undefined : `<= ${target} ms`,
      pass:
        typeof phase.pass === 'boolean'
          ? phase.pass
          : own !== undefined && target !== undefined
            ? own <= target
            : undefined,
    };
  });
}

const READERS: Record<string, (r: J) => SummaryRow[]> = {
  agent,
  http,
  parse,
  ingest,
  'llm-router': llmRouter,
  safety,
};

/** The summary rows of one results file. */
export function summarize(name: string, results: unknown): SummaryRow[] {
  const r = obj(results);
  if (Array.isArray(r.summary)) return r.summary as SummaryRow[];
  const reader = READERS[name];
  if (reader) return reader(r);
  return fromChecks(r);
}
