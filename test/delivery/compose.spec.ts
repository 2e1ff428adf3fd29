import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO_ROOT, readPackageScripts, readRepoFile, readYaml, repoPath } from './repo-files';

interface Healthcheck {
  test?: string | string[];
  disable?: boolean;
}

interface Service {
  image?: string;
  build?: string | { context: string; dockerfile?: string };
  command?: string | string[];
  container_name?: string;
  ports?: (string | { target: number; published?: string | number })[];
  environment?: Record<string, string> | string[];
  volumes?: (string | { type: string; source: string; target: string })[];
  healthcheck?: Healthcheck;
  restart?: string;
  depends_on?: string[] | Record<string, { condition?: string }>;
}

interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const COMPOSE = 'infrastructure/docker-compose.yml';
const compose = readYaml<Compose>(COMPOSE);
const services = compose.services;
const infraDir = repoPath('infrastructure');

function hasHealthcheck(s: Service): boolean {
  return !!s.healthcheck && !s.healthcheck.disable && !!s.healthcheck.test;
}

function healthcheckText(s: Service): string {
  const test = s.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
}

function env(s: Service): Record<string, string> {
  if (!s.environment) return {};
  if (!Array.isArray(s.environment)) return s.environment;
  return Object.fromEntries(s.environment.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
}

function argv(s: Service): string {
  return Array.isArray(s.command) ? s.command.join(' ') : (s.command ?? '');
}

/** Bind mounts as { host path (absolute), container path }; named volumes as { volume, container path }. */
function mounts(s: Service): { source: string; target: string; bind: boolean }[] {
  return (s.volumes ?? []).map((v) => {
    const [source, target] = typeof v === 'string' ? v.split(':') : [v.source, v.target];
    const bind = source.startsWith('.') || source.startsWith('/');
    return { source: bind ? resolve(infraDir, source) : source, target, bind };
  });
}

function dependencies(s: Service): [string, string | undefined][] {
  if (!s.depends_on) return [];
  if (Array.isArray(s.depends_on)) return s.depends_on.map((d) => [d, undefined]);
  return Object.entries(s.depends_on).map(([name, d]) => [name, d?.condition]);
}

describe('docker-compose.yml', () => {
  it('defines the whole server-mode stack', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgres', 'redis', 'api', 'worker', 'prometheus', 'grafana']),
    );
    expect(services.postgres.image).toMatch(/^pgvector\/pgvector:pg1[5-9]\b/);
    expect(services.redis.image).toMatch(/^redis:7(\b|$)/);
    expect(services.prometheus.image).toMatch(/^prom\/prometheus\b/);
    expect(services.grafana.image).toMatch(/^grafana\/grafana\b/);
  });

  it('keeps database, Redis and uploaded files in named volumes', () => {
    for (const [name, target] of [
      ['postgres', '/var/lib/postgresql/data'],
      ['redis', '/data'],
      ['api', '/app/data'],
    ] as const) {
      const mount = mounts(services[name]).find((m) => m.target === target);
      expect(mount?.bind).toBe(false);
      expect(Object.keys(compose.volumes ?? {})).toContain(mount!.source);
    }
    // Workers read the files the API stored.
    const apiData = mounts(services.api).find((m) => m.target === '/app/data')!;
    expect(mounts(services.worker)).toContainEqual(apiData);
  });

  it('gives every service that others depend on a way to signal readiness', () => {
    const dependedOn = new Set(Object.values(services).flatMap((s) => dependencies(s).map(([name]) => name)));
    expect(dependedOn.size).toBeGreaterThan(0);
    for (const name of dependedOn) {
      expect(services[name]).toBeDefined();
      const oneShot = services[name].restart === 'no';
      expect({ name, ready: hasHealthcheck(services[name]) || oneShot }).toEqual({ name, ready: true });
    }
    for (const name of ['postgres', 'redis', 'api', 'worker', 'prometheus', 'grafana']) {
      expect({ name, healthcheck: hasHealthcheck(services[name]) }).toEqual({ name, healthcheck: true });
    }
  });

  it('waits for health (or for one-shot jobs to finish), never merely for a start', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dep, condition] of dependencies(service)) {
        const expected = hasHealthcheck(services[dep]) ? 'service_healthy' : 'service_completed_successfully';
        expect({ service: name, dependsOn: dep, condition }).toEqual({
          service: name,
          dependsOn: dep,
          condition: expected,
        });
      }
    }
    for (const name of ['api', 'worker']) {
      const deps = Object.fromEntries(dependencies(services[name]));
      expect(deps.postgres).toBe('service_healthy');
      expect(deps.redis).toBe('service_healthy');
    }
  });

  it('checks the API and the worker on /api/v1/health, each on its own port', () => {
    expect(healthcheckText(services.api)).toContain('/api/v1/health');
    expect(healthcheckText(services.api)).toMatch(/:3000\b|process\.env\.PORT/);
    expect(healthcheckText(services.worker)).toContain('/api/v1/health');
    expect(healthcheckText(services.worker)).toMatch(/WORKER_PORT|:3001\b/);
    expect(healthcheckText(services.worker)).not.toMatch(/:3000\b/);
  });

  it('lets the worker scale: no container name, no host port', () => {
    expect(services.worker.container_name).toBeUndefined();
    expect(services.worker.ports ?? []).toEqual([]);
  });

  it('builds the API image from the repository root and runs api, worker and migrations from that image', () => {
    const build = services.api.build;
    const context = typeof build === 'string' ? build : build?.context;
    expect(context).toBeDefined();
    expect(resolve(infraDir, context!)).toBe(REPO_ROOT);
    expect(
      existsSync(join(REPO_ROOT, typeof build === 'object' ? (build.dockerfile ?? 'Dockerfile') : 'Dockerfile')),
    ).toBe(true);
    expect(services.worker.image).toBe(services.api.image);
    if (services.migrate) expect(services.migrate.image).toBe(services.api.image);
  });

  it('runs the same commands as the npm scripts', () => {
    const scripts = readPackageScripts();
    expect(argv(services.api)).toBe(scripts.start);
    expect(argv(services.worker)).toBe(scripts['start:worker']);
    if (services.migrate) expect(argv(services.migrate)).toBe(scripts['migration:run']);
  });

  it('publishes the API on port 3000', () => {
    const ports = (services.api.ports ?? []).map((p) => (typeof p === 'string' ? p : `${p.published}:${p.target}`));
    expect(ports.some((p) => /(^|:)3000$/.test(p))).toBe(true);
  });

  it('points the app at the compose postgres and redis, and refuses to start without ENCRYPTION_KEY or JWT_SECRET', () => {
    for (const name of ['api', 'worker']) {
      const e = env(services[name]);
      expect(new URL(e.DATABASE_URL.replace(/\$\{[^}]*\}/g, 'x')).hostname).toBe('postgres');
      expect(new URL(e.REDIS_URL).hostname).toBe('redis');
      expect(e.ENCRYPTION_KEY).toMatch(/^\$\{ENCRYPTION_KEY:\?.+\}$/);
      expect(e.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?.+\}$/);
    }
  });

  it('mounts the Prometheus and Grafana configuration that exists in the repository', () => {
    const binds = [...mounts(services.prometheus), ...mounts(services.grafana)].filter(
      (m) => m.bind && !m.source.endsWith('metrics_token'),
    );
    expect(binds.length).toBeGreaterThanOrEqual(3);
    for (const m of binds)
      expect({ path: m.source, exists: existsSync(m.source) }).toEqual({ path: m.source, exists: true });
    expect(binds.map((m) => m.target)).toEqual(
      expect.arrayContaining(['/etc/prometheus/prometheus.yml', '/etc/grafana/provisioning']),
    );
  });
});

interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  static_configs?: { targets: string[] }[];
  dns_sd_configs?: { names: string[]; type?: string; port?: number }[];
}

describe('prometheus.yml', () => {
  const config = readYaml<{ scrape_configs: ScrapeConfig[] }>('infrastructure/prometheus/prometheus.yml');
  const jobs = config.scrape_configs;

  it('scrapes the API on api:3000/metrics', () => {
    const job = jobs.find((j) => j.static_configs?.some((s) => s.targets.includes('api:3000')));
    expect(job).toBeDefined();
    expect(job!.metrics_path ?? '/metrics').toBe('/metrics');
  });

  it('finds every worker replica through DNS on port 3001', () => {
    const job = jobs.find((j) => j.dns_sd_configs?.some((d) => d.names.includes('worker')));
    expect(job).toBeDefined();
    const sd = job!.dns_sd_configs!.find((d) => d.names.includes('worker'))!;
    expect(sd.type).toBe('A');
    expect(sd.port).toBe(3001);
    expect(job!.metrics_path ?? '/metrics').toBe('/metrics');
    expect(Object.keys(services)).toContain('worker');
  });

  it('names each job once', () => {
    const names = jobs.map((j) => j.job_name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('Grafana provisioning', () => {
  const provisioning = 'infrastructure/grafana/provisioning';
  const datasources = readdirSync(repoPath(provisioning, 'datasources')).flatMap(
    (f) =>
      readYaml<{ datasources: { uid: string; type: string; url: string }[] }>(`${provisioning}/datasources/${f}`)
        .datasources,
  );

  it('provisions the compose Prometheus as a datasource', () => {
    const prom = datasources.find((d) => d.type === 'prometheus');
    expect(prom?.url).toBe('http://prometheus:9090');
    expect(prom?.uid).toBeTruthy();
  });

  it('loads dashboards from the directory compose mounts, and every panel uses a provisioned datasource', () => {
    const providers = readdirSync(repoPath(provisioning, 'dashboards')).flatMap(
      (f) => readYaml<{ providers: { options: { path: string } }[] }>(`${provisioning}/dashboards/${f}`).providers,
    );
    const dashboardMount = mounts(services.grafana).find((m) => providers.some((p) => p.options.path === m.target));
    expect(dashboardMount).toBeDefined();
    const files = readdirSync(dashboardMount!.source).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    const uids = new Set(datasources.map((d) => d.uid));
    for (const file of files) {
      expect(statSync(join(dashboardMount!.source, file)).isFile()).toBe(true);
      const dashboard = JSON.parse(readRepoFile(`infrastructure/grafana/dashboards/${file}`)) as {
        uid: string;
        panels: { title: string; datasource?: { uid: string }; targets?: { expr: string }[] }[];
      };
      expect(dashboard.uid).toBeTruthy();
      expect(dashboard.panels.length).toBeGreaterThan(0);
      for (const panel of dashboard.panels) {
        expect({ panel: panel.title, uid: uids.has(panel.datasource?.uid ?? '') }).toEqual({
          panel: panel.title,
          uid: true,
        });
        expect(panel.targets?.length).toBeGreaterThan(0);
      }
    }
  });

  it('charts only metrics DocQA exports, the HTTP request counter and histogram among them', () => {
    const text = readRepoFile('infrastructure/grafana/dashboards/docqa-api.json');
    const exprs = (JSON.parse(text) as { panels: { targets: { expr: string }[] }[] }).panels.flatMap((p) =>
      p.targets.map((t) => t.expr),
    );
    const used = new Set(
      exprs.flatMap((e) =>
        [...e.matchAll(/\b([a-z_]+)(?=\{|\[)/g)].map((m) => m[1].replace(/_(bucket|count|sum)$/, '')),
      ),
    );
    used.delete('up'); // Prometheus' own per-target series
    expect([...used]).toEqual(expect.arrayContaining(['http_requests_total', 'http_request_duration_seconds']));
    // Read as text: the metrics lib itself boots Nest, which this parse-only suite has no need of.
    const declared = readRepoFile('libs/metrics/src/metric-names.ts');
    for (const metric of used) expect(declared).toMatch(new RegExp(`^\\s*${metric}: \\{`, 'm'));
  });
});
