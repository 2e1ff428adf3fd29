import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './repo-files';

interface Probe {
  /** An existing file: element types come from the path, and type-aware rules need a file the project knows. */
  file: string;
  code: string;
}

const GUARDS = ['boundaries/dependencies', 'no-restricted-imports', 'import-x/no-cycle'];

/**
 * Lints source text as if it were the given file, with the repository's own eslint.config.mjs. ESLint runs in
 * a child process because it loads its ESM config with a dynamic import, which Jest's module sandbox refuses.
 */
function lint(probes: Probe[]): string[][] {
  const script = `
    import { readFileSync } from 'node:fs';
    import { ESLint } from 'eslint';
    const eslint = new ESLint({ cwd: process.cwd() });
    const out = [];
    for (const p of JSON.parse(readFileSync(0, 'utf8'))) {
      const [result] = await eslint.lintText(p.code, { filePath: p.file });
      out.push(result.messages.map((m) => m.ruleId ?? 'fatal: ' + m.message));
    }
    process.stdout.write(JSON.stringify(out));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: REPO_ROOT,
    input: JSON.stringify(probes),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (child.status !== 0) throw new Error(`eslint failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as string[][];
}

describe('eslint.config.mjs layering rules', () => {
  const probes: Record<string, Probe> = {
    coreImportsLib: {
      file: 'libs/core/src/index.ts',
      code: "import { METRICS } from '@docqa/metrics';\nexport const x = METRICS;\n",
    },
    deepAlias: {
      file: 'libs/metrics/src/index.ts',
      code: "import { parseEnv } from '@docqa/core/src/config/parse-env';\nexport const x = parseEnv;\n",
    },
    relativeIntoCore: {
      file: 'libs/metrics/src/index.ts',
      code: "import { loadConfig } from '../../core/src';\nexport const x = loadConfig;\n",
    },
    libImportsApp: {
      file: 'libs/metrics/src/index.ts',
      code: "import * as api from '../../../apps/api/src/main';\nexport const x = api;\n",
    },
    appImportsApp: {
      file: 'apps/api/src/main.ts',
      code: "import * as worker from '../../worker/src/main';\nexport const x = worker;\n",
    },
    floatingPromise: {
      file: 'libs/metrics/src/index.ts',
      code: 'async function work(): Promise<void> {}\nexport function run(): void {\n  work();\n  setTimeout(work, 1);\n}\n',
    },
    libViaAlias: {
      file: 'libs/metrics/src/index.ts',
      code: "import { loadConfig } from '@docqa/core';\nexport const x = loadConfig;\n",
    },
    appViaAlias: {
      file: 'apps/api/src/main.ts',
      code: "import { loadConfig } from '@docqa/core';\nimport { MetricsModule } from '@docqa/metrics';\nexport const x = [loadConfig, MetricsModule];\n",
    },
    testsUseApps: {
      file: 'test/support/test-env.ts',
      code: "import * as api from '../../apps/api/src/main';\nimport { loadConfig } from '@docqa/core';\nexport const x = [api, loadConfig];\n",
    },
  };
  let results: Record<string, string[]>;

  beforeAll(() => {
    const names = Object.keys(probes);
    const out = lint(names.map((n) => probes[n]));
    results = Object.fromEntries(names.map((n, i) => [n, out[i]]));
  }, 120_000);

  it('lints every probe (no parse or project errors)', () => {
    for (const [name, messages] of Object.entries(results)) {
      expect({ name, fatal: messages.filter((m) => m.startsWith('fatal')) }).toEqual({ name, fatal: [] });
    }
  });

  it('keeps core free of other libs, and reports the cycle that would close', () => {
    expect(results.coreImportsLib).toContain('boundaries/dependencies');
    // @docqa/metrics imports @docqa/core, so core importing metrics is also a cycle.
    expect(results.coreImportsLib).toContain('import-x/no-cycle');
  });

  it('refuses deep imports into a lib, by alias or by relative path', () => {
    expect(results.deepAlias).toContain('no-restricted-imports');
    expect(results.relativeIntoCore).toContain('boundaries/dependencies');
  });

  it('keeps libs from importing apps, and apps from importing each other', () => {
    expect(results.libImportsApp).toContain('boundaries/dependencies');
    expect(results.appImportsApp).toContain('boundaries/dependencies');
  });

  it('reports floating and misused promises (type-aware rules)', () => {
    expect(results.floatingPromise).toContain('@typescript-eslint/no-floating-promises');
    expect(results.floatingPromise).toContain('@typescript-eslint/no-misused-promises');
  });

  it('allows libs and apps through their aliases, and tests to boot apps', () => {
    for (const name of ['libViaAlias', 'appViaAlias', 'testsUseApps']) {
      expect({ name, guards: results[name].filter((m) => GUARDS.includes(m)) }).toEqual({ name, guards: [] });
    }
  });
});
