import { readYaml } from './repo-files';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
}

interface Job {
  'runs-on': string;
  env?: Record<string, string>;
  services?: Record<string, { image: string; ports?: string[]; options?: string }>;
  steps: Step[];
}

interface Workflow {
  on: Record<string, unknown> | string[];
  jobs: Record<string, Job>;
}

const workflow = readYaml<Workflow>('.github/workflows/ci.yml');
const jobs = Object.entries(workflow.jobs);
const runs = (job: Job): string[] => job.steps.flatMap((s) => (s.run ? [s.run] : []));

/** The job and step that run a command (a whole word or script name in some `run:`). */
function find(pattern: RegExp): { job: Job; step: Step } {
  for (const [, job] of jobs) {
    const step = job.steps.find((s) => s.run && pattern.test(s.run));
    if (step) return { job, step };
  }
  throw new Error(`no step runs ${pattern}`);
}

describe('CI workflow', () => {
  it('runs on push and on pull requests', () => {
    const triggers = Array.isArray(workflow.on) ? workflow.on : Object.keys(workflow.on);
    expect(triggers).toEqual(expect.arrayContaining(['push', 'pull_request']));
  });

  it.each([
    ['lint', /\bnpm run lint\b/],
    ['typecheck', /\bnpm run typecheck\b/],
    ['test', /\bnpm (run )?test\b/],
  ])('has a %s step', (_name, pattern) => {
    expect(() => find(pattern)).not.toThrow();
  });

  it('installs with npm ci on Node 24, npm cache on, before any other npm command', () => {
    const npmJobs = jobs.filter(([, job]) => runs(job).some((r) => /\bnpm\b/.test(r)));
    expect(npmJobs.length).toBeGreaterThanOrEqual(2);
    for (const [name, job] of npmJobs) {
      const setup = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
      expect({ job: name, node: String(setup?.with?.['node-version']), cache: setup?.with?.cache }).toEqual({
        job: name,
        node: '24',
        cache: 'npm',
      });
      const npmRuns = runs(job).filter((r) => /\bnpm\b/.test(r));
      expect({ job: name, first: npmRuns[0] }).toEqual({ job: name, first: 'npm ci' });
    }
  });

  it('tests against PostgreSQL with pgvector and Redis 7, started healthy', () => {
    const { job } = find(/\bnpm (run )?test\b/);
    const services = Object.values(job.services ?? {});
    const postgres = services.find((s) => /^pgvector\/pgvector:pg1[5-9]\b/.test(s.image));
    const redis = services.find((s) => /^redis:7(\b|$)/.test(s.image));
    expect(postgres).toBeDefined();
    expect(redis).toBeDefined();
    for (const service of [postgres!, redis!]) expect(service.options).toMatch(/--health-cmd\b/);
    expect(postgres!.ports).toContain('5432:5432');
    expect(redis!.ports).toContain('6379:6379');
  });

  it('hands DATABASE_URL and REDIS_URL of those services to the test step', () => {
    const { job, step } = find(/\bnpm (run )?test\b/);
    const env = { ...job.env, ...step.env };
    expect(new URL(env.DATABASE_URL ?? 'missing:').protocol).toMatch(/^postgres(ql)?:$/);
    expect(new URL(env.DATABASE_URL).host).toBe('localhost:5432');
    expect(new URL(env.REDIS_URL ?? 'missing:').protocol).toBe('redis:');
    expect(new URL(env.REDIS_URL).host).toBe('localhost:6379');
  });

  it('builds the container image without pushing it', () => {
    const steps = jobs.flatMap(([, job]) => job.steps);
    const action = steps.find((s) => s.uses?.startsWith('docker/build-push-action@'));
    const plain = steps.find((s) => s.run && /\bdocker (buildx )?build\b/.test(s.run));
    expect(action ?? plain).toBeDefined();
    if (action) expect(action.with?.push).not.toBe(true);
    if (plain) expect(plain.run).not.toMatch(/--push\b/);
  });
});
