import { analysisBlocks, renderBenchmarks, summaryTable } from '../../bench/run-all/markdown';
import { benchScripts } from '../../bench/run-all/scripts';
import { summarize } from '../../bench/run-all/summaries';

describe('npm run bench: which scripts', () => {
  it('runs every bench:<name> script without its build, in a fixed order, new ones before the long ones', () => {
    const scripts = benchScripts({
      build: 'nest build api',
      bench: 'npm run build && node dist/bench/run-all/run-all.js',
      'bench:load': 'npm run build && node dist/bench/scale/load.bench.js',
      'bench:http': 'npm run build && node dist/bench/http.bench.js',
      'bench:ingest': 'npm run build && node dist/bench/ingest/ingest.bench.js',
      'bench:zeta': 'node dist/bench/zeta.js',
      'bench:parse': 'npm run build && node dist/bench/parse.bench.js',
      'bench:scale': 'npm run build && node dist/bench/scale/growth.bench.js',
    });
    expect(scripts.map((s) => s.name)).toEqual([
      'bench:http',
      'bench:parse',
      'bench:ingest',
      'bench:zeta',
      'bench:scale',
      'bench:load',
    ]);
    expect(scripts[0].command).toBe('node dist/bench/http.bench.js');
    // bench:parse runs on its own, so bench:ingest is told not to run it again.
    expect(scripts[2].command).toBe('node dist/bench/ingest/ingest.bench.js --no-parse');
  });
});

describe('npm run bench: summary rows of each results file', () => {
  it('takes a summary as it is, else reads the known shapes, else the checks', () => {
    const own = [{ figure: 'f', value: '1', pass: true }];
    expect(summarize('anything', { summary: own })).toBe(own);
    expect(summarize('unknown', { checks: [{ label: 'x', value: '2', target: '<= 3', pass: true }] })).toEqual([
      { figure: 'x', value: '2', target: '<= 3', pass: true },
    ]);
    expect(summarize('unknown', {})).toEqual([]);
  });

  it('reads bench:http', () => {
    const rows = summarize('http', {
      route: 'GET /api/v1/health',
      bare: { best: { rps: 75000, p99: 2 } },
      docqa: { best: { rps: 60000, p99: 3 } },
      ratio: 0.8,
      target: { ratio: 0.6, firstStartMs: 8000, laterStartMs: 3000 },
      firstStartMs: 2900,
      laterStartMs: 3100,
    });
    expect(rows[0]).toMatchObject({
      value: '60000',
      baseline: '75000 (bare Fastify)',
      ratio: '0.80x',
      target: '>= 0.6x',
      pass: true,
    });
    expect(rows.find((r) => r.figure.includes('later start'))).toMatchObject({ value: '3100', pass: false });
  });

  it('reads bench:parse, bench:llm and bench:safety', () => {
    const parse = summarize('parse', {
      withoutBomb: { pool: { pagesPerSecond: 270 }, alone: { pagesPerSecond: 250 }, ratio: 1.08 },
      target: { ratio: 0.8 },
    });
    expect(parse).toHaveLength(1);
    expect(parse[0]).toMatchObject({ value: '270', ratio: '1.08x', pass: true });
    const llm = summarize('llm-router', {
      overhead: {
        totalMs: {
          'direct SDK (stream)': { p50: 1 },
          'router.stream': { p50: 1.3 },
          'router.chat': { p50: 3.5 },
        },
      },
      ttft: { ttftMs: { 'direct SDK (stream)': { p50: 150 }, 'router.stream': { p50: 160 } } },
      target: { addedP50Ms: 2, ttftRatio: 1.05 },
    });
    expect(llm[0]).toMatchObject({ ratio: '+0.300 ms', pass: true });
    expect(llm[1]).toMatchObject({ ratio: '+2.500 ms', pass: false });
    expect(llm[2]).toMatchObject({ ratio: '1.07x', pass: false });
    const safety = summarize('safety', {
      pii: { analyzerMBps: 5.6, baselinePhoneOnlyMBps: 3.4 },
      injection: { scannerMBps: 167, baselineSeparateRegexesMBps: 127 },
      prompt: { redactAndRestoreMs: 2.9 },
    });
    expect(safety.map((r) => r.ratio)).toEqual(['1.65x', '1.31x', undefined]);
  });

  it("reads bench:agent: the agent's share of the time to first token per phase", () => {
    const rows = summarize('agent', {
      target: { agentBeforeFirstTokenP50Ms: 150 },
      phases: [
        {
          mode: 'embedded',
          llm: 'offline',
          ttftMs: { p50: 66 },
          llmFirstTokenMs: { p50: 1 },
          agentBeforeFirstTokenMs: { p50: 65 },
          pass: true,
        },
        {
          mode: 'server',
          llm: 'fake provider',
          ttftMs: { p50: 519 },
          llmFirstTokenMs: { p50: 300 },
          agentBeforeFirstTokenMs: { p50: 219 },
        },
      ],
    });
    expect(rows[0]).toMatchObject({ value: '65.0', target: '<= 150 ms', pass: true });
    expect(rows[1]).toMatchObject({ value: '219.0', pass: false });
    expect(rows[1].baseline).toBe("519.0 to the first token, 300.0 of it the LLM's");
  });

  it('reads bench:ingest: DocQA pages/s next to LangChain, then its other checks', () => {
    const rows = summarize('ingest', {
      targets: { withoutBomb: 2 },
      withoutBomb: {
        langchain: { summary: { unitsPerSecond: 100 } },
        docqa: [{ pipeline: 'DocQA server', summary: { unitsPerSecond: 250 } }],
      },
      checks: [
        {
          label: 'without bomb_giant.pdf: DocQA server / LangChain pages/s',
          value: '2.5x',
          target: '>= 2x',
          pass: true,
        },
        { label: 'without bomb_giant.pdf: DocQA server documents lost', value: '0', target: '0', pass: true },
      ],
    });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      value: '250.0',
      baseline: '100.0 (LangChain.js pipeline)',
      ratio: '2.50x',
      pass: true,
    });
    expect(rows[1].figure).toContain('documents lost');
  });
});

describe('npm run bench: docs/benchmarks.md', () => {
  const machine = {
    cpus: 2,
    cpuModel: 'CPU',
    memoryGiB: 24,
    os: 'Linux',
    node: 'v24',
    postgres: '15.20',
    pgvector: '0.8.0',
    redis: '7.0.15',
  };
  const section = {
    name: 'scale',
    title: 'Growth',
    command: 'npm run bench:scale',
    measuredAt: '2026-11-24T20:00:00.000Z',
    run: { exitCode: 0, seconds: 60 },
    rows: [{ figure: 'a | b', value: '1', baseline: '2', ratio: '0.5x', target: '<= 2x', pass: true }],
    details: ['| detail |'],
    notes: ['busy machine'],
  };

  it('writes the machine, an overview and a table per benchmark, escaping cells', () => {
    const md = renderBenchmarks(machine, { command: 'npm run bench', startedAt: '2026-11-24T21:00:00.000Z' }, [
      section,
    ]);
    expect(md).toContain('| PostgreSQL | 15.20 |');
    expect(md).toContain('| pgvector | 0.8.0 |');
    expect(md).toContain('| [Growth](#scale) | 2026-11-24 20:00 | `npm run bench:scale` | 1 of 1 | exit 0, 1.0 min |');
    expect(md).toContain('| a \\| b | 1 | 2 | 0.5x | <= 2x | pass |');
    expect(md).toContain('> busy machine');
    expect(md).toContain('| detail |');
    expect(summaryTable([])).toEqual(['(no figures in the results file)']);
  });

  it('keeps the hand-written analysis of each benchmark when it writes the page again', () => {
    const first = renderBenchmarks(machine, { command: 'npm run bench', startedAt: '2026-11-24T21:00:00.000Z' }, [
      section,
    ]);
    const edited = `${first}\n<!-- analysis:scale -->\nHNSW keeps p95 flat.\n<!-- /analysis:scale -->\n`;
    expect(analysisBlocks(edited).get('scale')).toBe('HNSW keeps p95 flat.\n');
    const again = renderBenchmarks(
      machine,
      { command: 'npm run bench', startedAt: '2026-11-25T09:00:00.000Z' },
      [section],
      edited,
    );
    expect(again).toContain('<!-- analysis:scale -->\nHNSW keeps p95 flat.\n<!-- /analysis:scale -->');
    expect(again.match(/analysis:scale -->/g)).toHaveLength(2);
  });
});
