import { readPackageScripts, readRepoFile } from './repo-files';

interface Instruction {
  keyword: string;
  args: string;
}

interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** Splits a Dockerfile into stages of instructions (continuation lines joined, comments dropped). */
function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    logical.push(pending + line);
    pending = '';
  }
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const [, from, name] = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(args)!;
      stages.push({ from, name, instructions: [] });
    } else if (stages.length) {
      stages[stages.length - 1].instructions.push({ keyword: upper, args });
    }
  }
  return stages;
}

function args(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
}

/** The stage and its ancestors (`FROM base`), nearest first. */
function lineage(stages: Stage[], stage: Stage): Stage[] {
  const chain = [stage];
  let parent = stages.find((s) => s.name === stage.from);
  while (parent && !chain.includes(parent)) {
    chain.push(parent);
    parent = stages.find((s) => s.name === parent!.from);
  }
  return chain;
}

/** `COPY --from=<stage> <src> <dst>` instructions of a stage, as { from, sources, dest }. */
function copies(stage: Stage): { from?: string; sources: string[]; dest: string }[] {
  return args(stage, 'COPY').map((a) => {
    const words = a.split(/\s+/);
    const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
    const paths = words.filter((w) => !w.startsWith('--'));
    return { from, sources: paths.slice(0, -1), dest: paths[paths.length - 1] };
  });
}

describe('Dockerfile', () => {
  const stages = parseDockerfile(readRepoFile('Dockerfile'));
  const final = stages[stages.length - 1];

  it('has a build stage and a separate runtime stage, both on Node 24 bookworm-slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const baseImages = stages.filter((s) => !stages.some((other) => other.name === s.from)).map((s) => s.from);
    for (const image of baseImages) expect(image).toMatch(/^node:24[.\d]*-bookworm-slim(@sha256:[0-9a-f]+)?$/);
  });

  it('builds with npm ci and npm run build in a stage that is not the final one', () => {
    const builder = stages.slice(0, -1).find((s) => args(s, 'RUN').some((r) => /\bnpm run build\b/.test(r)));
    expect(builder).toBeDefined();
    const runs = lineage(stages, builder!).flatMap((s) => args(s, 'RUN'));
    expect(runs.some((r) => /\bnpm ci\b/.test(r))).toBe(true);
    expect(args(final, 'RUN').some((r) => /\bnpm run build\b/.test(r))).toBe(false);
  });

  it('skips the onnxruntime CUDA download wherever dependencies are installed', () => {
    for (const stage of stages.filter((s) => args(s, 'RUN').some((r) => /\bnpm (ci|install|i)\b/.test(r)))) {
      const env = lineage(stages, stage).flatMap((s) => args(s, 'ENV'));
      expect(env.join(' ')).toMatch(/\bONNXRUNTIME_NODE_INSTALL=skip\b/);
    }
  });

  it('ships only production dependencies: node_modules comes from a stage that installed or pruned with --omit=dev', () => {
    const nodeModules = copies(final).filter((c) => c.sources.some((s) => /node_modules\/?$/.test(s)));
    expect(nodeModules).toHaveLength(1);
    const source = stages.find((s) => s.name === nodeModules[0].from);
    expect(source).toBeDefined();
    const runs = lineage(stages, source!).flatMap((s) => args(s, 'RUN'));
    const lastInstall = [...runs].reverse().find((r) => /\bnpm (ci|install|i|prune)\b/.test(r));
    expect(lastInstall).toMatch(/--omit[= ]dev|--production\b/);
    // The runtime stage installs nothing itself and does not copy the whole build context.
    expect(args(final, 'RUN').some((r) => /\bnpm (ci|install|i)\b/.test(r))).toBe(false);
    expect(copies(final).some((c) => c.sources.includes('.') && !c.from)).toBe(false);
  });

  it('copies the compiled app and package.json into the runtime stage', () => {
    const sources = copies(final).flatMap((c) => c.sources);
    expect(sources).toEqual(expect.arrayContaining([expect.stringMatching(/dist\/?$/), 'package.json']));
  });

  it('runs as a non-root user in production mode', () => {
    const users = args(final, 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]).not.toMatch(/^(root|0)(:|$)/);
    expect(args(final, 'ENV').join(' ')).toMatch(/\bNODE_ENV=production\b/);
  });

  it('exposes the API port and checks /api/v1/health with node itself (slim images have no curl)', () => {
    expect(args(final, 'EXPOSE').join(' ').split(/\s+/)).toContain('3000');
    const health = args(final, 'HEALTHCHECK');
    expect(health).toHaveLength(1);
    expect(health[0]).toContain('/api/v1/health');
    expect(health[0]).toMatch(/CMD \[\s*"node"/);
    expect(health[0]).not.toMatch(/\b(curl|wget)\b/);
  });

  it('starts the API by default, with the same command as `npm start`', () => {
    const cmd = args(final, 'CMD');
    expect(cmd).toHaveLength(1);
    const argv = JSON.parse(cmd[0]) as string[];
    expect(argv.join(' ')).toBe(readPackageScripts().start);
  });
});

describe('.dockerignore', () => {
  const entries = readRepoFile('.dockerignore')
    .split('\n')
    .map((l) => l.trim().replace(/\/$/, ''))
    .filter((l) => l && !l.startsWith('#'));

  it.each(['node_modules', 'dist', 'data', '.git', 'coverage', '.env'])(
    'keeps %s out of the build context',
    (entry) => {
      expect(entries).toContain(entry);
    },
  );
});
