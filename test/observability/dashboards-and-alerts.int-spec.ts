import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { METRICS } from '@docqa/metrics';
import { readRepoFile, readYaml, repoPath } from '../delivery/repo-files';
import { startApi } from '../support/http-app';
import { databaseFor, describeIf, testConfig } from '../support/test-env';
import { baseMetric, readPromQl } from './promql';

const run = promisify(execFile);

interface Exported {
  /** Every series name /metrics can hold: histograms with their _bucket, _sum and _count. */
  names: Set<string>;
  histograms: Set<string>;
}

/** Reads `# TYPE name type` lines: prom-client prints them for every registered metric, observed or not. */
function exportedMetrics(text: string): Exported {
  const names = new Set<string>();
  const histograms = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name);
    if (type === 'histogram' || type === 'summary') {
      histograms.add(name);
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    }
  }
  return { names, histograms };
}

/** Labels every scraped series has, plus a histogram's bucket bound. */
const TARGET_LABELS = ['job', 'instance'];

/** What is wrong with one expression: names /metrics lacks, labels a DocQA metric does not have. */
function problemsIn(expr: string, exported: Exported, extraNames: ReadonlySet<string>): string[] {
  const use = readPromQl(expr);
  const problems: string[] = [];
  const labelsOf = (series: string): string[] | undefined => {
    const metric = baseMetric(series, exported.histograms);
    const def = (METRICS as Record<string, { labelNames: readonly string[] }>)[metric];
    if (!def) return undefined; // Node.js and process metrics, Prometheus' own `up`: not ours to check
    return [...def.labelNames, ...TARGET_LABELS, ...(series.endsWith('_bucket') ? ['le'] : [])];
  };
  for (const name of use.metrics) {
    if (!exported.names.has(name) && !extraNames.has(name)) problems.push(`${name} is not exported`);
  }
  for (const { metric, labels } of use.selectors) {
    const known = labelsOf(metric);
    for (const label of labels) {
      if (known && !known.includes(label)) problems.push(`${metric} has no label ${label}`);
    }
  }
  const available = new Set([...TARGET_LABELS, 'le', ...use.metrics.flatMap((m) => labelsOf(m) ?? [])]);
  const ours = use.metrics.every((m) => labelsOf(m));
  for (const label of use.grouping) {
    if (ours && !available.has(label)) problems.push(`no metric of the expression has label ${label}`);
  }
  return problems;
}

interface Panel {
  title: string;
  targets?: { expr: string }[];
  panels?: Panel[];
}

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const DASHBOARDS = 'infrastructure/grafana/dashboards';
const RULES = 'infrastructure/prometheus/rules';

async function dashboards(): Promise<{ file: string; uid: string; title: string; panels: Panel[] }[]> {
  const files = (await readdir(repoPath(DASHBOARDS))).filter((f) => f.endsWith('.json')).sort();
  return files.map((file) => ({ file, ...JSON.parse(readRepoFile(`${DASHBOARDS}/${file}`)) }));
}

function flatPanels(panels: Panel[]): Panel[] {
  return panels.flatMap((p) => [p, ...flatPanels(p.panels ?? [])]);
}

async function ruleFiles(): Promise<{ file: string; groups: { name: string; rules: Rule[] }[] }[]> {
  const files = (await readdir(repoPath(RULES))).filter((f) => /\.ya?ml$/.test(f)).sort();
  return files.map((file) => ({ file, ...(parse(readRepoFile(`${RULES}/${file}`)) as { groups: never[] }) }));
}

function promtoolAvailable(): boolean {
  try {
    execFileSync('promtool', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('Grafana dashboards and Prometheus alert rules', () => {
  let exported: Exported;
  let recorded: Set<string>;
  let exprs: { where: string; expr: string }[];

  beforeAll(async () => {
    // The metric names come from a running API's /metrics, the source Prometheus itself reads.
    const db = await databaseFor('embedded');
    try {
      const api = await startApi(testConfig(db.env));
      try {
        const res = await fetch(`${api.url}/metrics`);
        expect(res.status).toBe(200);
        exported = exportedMetrics(await res.text());
      } finally {
        await api.close();
      }
    } finally {
      await db.cleanup();
    }
    const rules = await ruleFiles();
    recorded = new Set(rules.flatMap((f) => f.groups.flatMap((g) => g.rules.flatMap((r) => r.record ?? []))));
    exprs = [
      ...(await dashboards()).flatMap((d) =>
        flatPanels(d.panels).flatMap((p) =>
          (p.targets ?? []).map((t) => ({ where: `${d.file} / ${p.title}`, expr: t.expr })),
        ),
      ),
      ...rules.flatMap((f) =>
        f.groups.flatMap((g) => g.rules.map((r) => ({ where: `${f.file} / ${r.alert ?? r.record}`, expr: r.expr }))),
      ),
    ];
  });

  it('reads the exported metric names from /metrics, DocQA metrics and process metrics alike', () => {
    for (const name of Object.keys(METRICS)) expect(exported.names).toContain(name);
    expect(exported.names).toContain('http_request_duration_seconds_bucket');
    expect(exported.names).toContain('process_resident_memory_bytes');
  });

  it('flags an unknown metric, a label the metric lacks, and grouping by a label nobody has', () => {
    const none = new Set<string>();
    expect(problemsIn('rate(http_requests_totl[5m])', exported, none)).toEqual(['http_requests_totl is not exported']);
    expect(problemsIn('sum(rate(llm_requests_total{state="ok"}[5m]))', exported, none)).toEqual([
      'llm_requests_total has no label state',
    ]);
    expect(problemsIn('sum by (workspace) (rate(llm_cost_usd_total[1h]))', exported, none)).toEqual([
      'no metric of the expression has label workspace',
    ]);
    expect(problemsIn('max by (queue, state) (queue_jobs{state="waiting"})', exported, none)).toEqual([]);
  });

  it('use only metrics the code exports, with labels those metrics have', () => {
    expect(exprs.length).toBeGreaterThan(40);
    const problems = exprs.flatMap(({ where, expr }) =>
      problemsIn(expr, exported, new Set([...recorded, 'up'])).map((p) => `${where}: ${p}`),
    );
    expect(problems).toEqual([]);
  });

  it('chart API latency and errors, ingestion backlog, LLM errors and cost, and retrieval latency', async () => {
    const all = await dashboards();
    expect(new Set(all.map((d) => d.uid)).size).toBe(all.length);
    const uses = (uid: string) =>
      new Set(
        flatPanels(all.find((d) => d.uid === uid)?.panels ?? []).flatMap((p) =>
          (p.targets ?? []).flatMap((t) => readPromQl(t.expr).metrics.map((m) => baseMetric(m, exported.histograms))),
        ),
      );
    expect([...uses('docqa-api')]).toEqual(
      expect.arrayContaining(['http_requests_total', 'http_request_duration_seconds']),
    );
    expect([...uses('docqa-ingestion')]).toEqual(
      expect.arrayContaining(['queue_jobs', 'ingestion_documents_total', 'ingestion_stage_duration_seconds']),
    );
    expect([...uses('docqa-llm')]).toEqual(
      expect.arrayContaining(['llm_requests_total', 'llm_cost_usd_total', 'llm_request_duration_seconds']),
    );
    expect([...uses('docqa-retrieval')]).toEqual(expect.arrayContaining(['retrieval_duration_seconds']));
  });

  it('are well-formed alerts: unique names, a duration, a severity and a summary each', async () => {
    const rules = (await ruleFiles()).flatMap((f) => f.groups.flatMap((g) => g.rules));
    const alerts = rules.filter((r) => r.alert);
    expect(alerts.length).toBeGreaterThanOrEqual(8);
    expect(new Set(alerts.map((r) => r.alert)).size).toBe(alerts.length);
    for (const r of alerts) {
      expect({ alert: r.alert, expr: typeof r.expr === 'string' && r.expr.trim().length > 0 }).toEqual({
        alert: r.alert,
        expr: true,
      });
      if (r.for !== undefined) expect(r.for).toMatch(/^\d+[smhd]$/);
      expect(['critical', 'warning', 'info']).toContain(r.labels?.severity);
      expect(r.annotations?.summary).toBeTruthy();
    }
    const metricsAlerted = new Set(alerts.flatMap((r) => readPromQl(r.expr).metrics));
    for (const m of ['http_requests_total', 'queue_jobs', 'llm_requests_total', 'retrieval_duration_seconds_bucket']) {
      expect(metricsAlerted).toContain(m);
    }
  });

  it('are loaded by the compose Prometheus: rule_files names the directory compose mounts', () => {
    const config = readYaml<{ rule_files?: string[] }>('infrastructure/prometheus/prometheus.yml');
    const compose = readYaml<{ services: { prometheus: { volumes: string[] } } }>('infrastructure/docker-compose.yml');
    const mounts = compose.services.prometheus.volumes
      .filter((v) => v.startsWith('./'))
      .map((v) => ({ host: resolve(repoPath('infrastructure'), v.split(':')[0]), container: v.split(':')[1] }));
    expect(config.rule_files?.length).toBeGreaterThan(0);
    for (const pattern of config.rule_files ?? []) {
      const dir = pattern.slice(0, pattern.lastIndexOf('/'));
      expect(mounts.find((m) => m.container === dir)?.host).toBe(repoPath(RULES));
    }
  });
});

describeIf(promtoolAvailable(), 'promtool is not installed (sudo bash .ci/install-promtool.sh)')(
  'promtool on the alert rules',
  () => {
    it('checks the rule files and the Prometheus config that loads them', async () => {
      const files = (await readdir(repoPath(RULES))).map((f) => repoPath(RULES, f));
      const rules = await run('promtool', ['check', 'rules', ...files]);
      expect(rules.stdout).toMatch(/SUCCESS: \d+ rules found/);
      // The config as the container sees it, with the mounted rule directory mapped back to the repository.
      const scratch = await mkdtemp(join(tmpdir(), 'docqa-promtool-'));
      try {
        const config = readYaml<{ rule_files: string[] }>('infrastructure/prometheus/prometheus.yml');
        config.rule_files = config.rule_files.map((p) => p.replace('/etc/prometheus/rules', repoPath(RULES)));
        await writeFile(join(scratch, 'prometheus.yml'), stringify(config));
        const checked = await run('promtool', ['check', 'config', join(scratch, 'prometheus.yml')]);
        expect(checked.stdout).toMatch(/SUCCESS: \d+ rule files found/);
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    });

    it('passes the alert rules unit tests (each alert fires, or stays quiet, when it should)', async () => {
      const dir = repoPath('infrastructure/prometheus/tests');
      const tests = (await readdir(dir)).filter((f) => f.endsWith('.yml')).map((f) => join(dir, f));
      expect(tests.length).toBeGreaterThan(0);
      const result = await run('promtool', ['test', 'rules', ...tests]).catch(
        (err: { stdout: string; stderr: string }) => ({ stdout: err.stdout + err.stderr }),
      );
      expect(result.stdout).not.toContain('FAILED');
      expect(result.stdout).toContain('SUCCESS');
    });
  },
);
