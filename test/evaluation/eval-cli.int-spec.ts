import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bearer, postJson, registerAccount, OFFLINE_APP_ENV } from '../support/accounts';
import { readJson, startApi, type RunningApp } from '../support/http-app';
import { databaseFor, databaseModes, tempDataDir, testConfig, type TempDir } from '../support/test-env';
import type { ApiJson } from '../documents/documents-client';

/*
 * The CI gate: `npm run eval` (the built CLI, as a child process) on the project's own evaluation set, with
 * thresholds the offline pipeline meets with margin; and the same gate failing (exit 1) when a threshold is
 * above what the pipeline scored. `npm test` builds first (pretest).
 */

const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'dist/libs/evaluation/src/cli/eval.cli.js');
const DATASET = join(ROOT, 'eval/dataset.jsonl');
const DOCUMENTS = join(ROOT, 'eval/documents');

/** What the offline pipeline must keep scoring on the project's set (it scores above each, with margin). */
const GATE: Record<string, string> = {
  '--min-faithfulness': '0.85',
  '--min-answer-relevancy': '0.7',
  '--min-context-precision': '0.8',
  '--min-context-recall': '0.85',
  '--min-hit-rate': '0.85',
  '--min-citation-precision': '0.85',
};
const gateArgs = Object.entries(GATE).flat();

const FLAG_OF: Record<string, string> = {
  faithfulness: '--min-faithfulness',
  answerRelevancy: '--min-answer-relevancy',
  contextPrecision: '--min-context-precision',
  contextRecall: '--min-context-recall',
  hitRate: '--min-hit-rate',
  citationPrecision: '--min-citation-precision',
};

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A CLI run boots a DocQA (or talks to one) and evaluates 22 questions: far below this, even on a busy machine. */
const CLI_TEST_MS = 300_000;

function runCli(args: string[], timeoutMs = 240_000): Promise<Exit> {
  const proc = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', EMBEDDING_PROVIDER: 'offline', JOB_BACKOFF_MS: '50' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  proc.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`the CLI did not finish within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The table row of a metric, as cells. */
function row(stdout: string, label: string): string[] {
  const line = stdout.split('\n').find((l) => l.startsWith(label));
  if (!line) throw new Error(`no row ${label} in:\n${stdout}`);
  return line.split(/\s{2,}/);
}

describe('npm run eval on the project evaluation set, in its own embedded DocQA', () => {
  let tmp: TempDir;

  beforeAll(async () => {
    tmp = await tempDataDir();
  });
  afterAll(async () => {
    await tmp?.cleanup();
  });

  it(
    'meets every threshold of the CI gate, judged offline, and writes the run',
    async () => {
      const out = join(tmp.dir, 'run.json');
      const result = await runCli(['--dataset', DATASET, '--documents', DOCUMENTS, ...gateArgs, '--out', out]);
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
      expect(result.stdout.split('\n')[0]).toMatch(/^metric\s+score\s+judge\s+items\s+threshold\s+result$/);
      expect(row(result.stdout, 'faithfulness')).toEqual([
        'faithfulness',
        expect.any(String),
        'offline',
        '22',
        '0.850',
        'pass',
      ]);
      expect(result.stderr).toContain('ingesting 5 document(s)');
      expect(result.stderr).toContain('dataset: 22 questions (3 unanswerable)');
      expect(result.stderr).toContain('every threshold met');
      const written = JSON.parse(await readFile(out, 'utf8'));
      expect(written.passed).toBe(true);
      expect(written.run).toMatchObject({ status: 'completed', judge: 'offline', progress: { done: 22, failed: 0 } });
      expect(written.items).toHaveLength(22);
      expect(written.verdicts.every((v: ApiJson) => v.result === 'pass')).toBe(true);
    },
    CLI_TEST_MS,
  );

  it(
    'exits 2 on a usage error, before starting anything',
    async () => {
      const bad = await runCli(['--dataset', DATASET, '--min-faithfulness', '2']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--min-faithfulness must be a number from 0 to 1');
      expect(bad.stderr).toContain('usage: npm run eval');
      const missing = await runCli(['--dataset', join(tmp.dir, 'nope.jsonl')]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('no such file');
    },
    CLI_TEST_MS,
  );
});

describe.each(databaseModes())('npm run eval --url against a running server (%s database)', (mode) => {
  let db: { env: Record<string, string>; cleanup(): Promise<void> };
  let api: RunningApp;
  let apiKey: string;
  let accessToken: string;
  let scores: Record<string, number>;

  beforeAll(async () => {
    db = await databaseFor(mode);
    api = await startApi(
      testConfig({
        ...db.env,
        ...OFFLINE_APP_ENV,
        LLM_RATE_LIMIT_PER_MINUTE: '100000',
      }),
    );
    const owner = await registerAccount(api.url);
    accessToken = owner.accessToken;
    const key = await postJson(
      `${api.url}/api/v1/api-keys`,
      { name: 'eval', scopes: ['read', 'write'] },
      bearer(accessToken),
    );
    apiKey = (await readJson(key)).key;
  });

  afterAll(async () => {
    await api?.close();
    await db?.cleanup();
  });

  it(
    'uploads the documents and the dataset to the key workspace and passes the gate',
    async () => {
      const dir = await tempDataDir();
      try {
        const out = join(dir.dir, 'run.json');
        const result = await runCli([
          '--url',
          api.url,
          '--api-key',
          apiKey,
          '--dataset',
          DATASET,
          '--documents',
          DOCUMENTS,
          ...gateArgs,
          '--out',
          out,
        ]);
        expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 0, stdout: expect.any(String) });
        const written = JSON.parse(await readFile(out, 'utf8'));
        scores = Object.fromEntries(written.verdicts.map((v: ApiJson) => [v.metric, v.score]));
        // The run is the workspace's, like any other.
        const res = await fetch(`${api.url}/api/v1/evaluation/runs/${written.run.id}`, {
          headers: bearer(accessToken),
        });
        expect((await readJson(res)).status).toBe('completed');
      } finally {
        await dir.cleanup();
      }
    },
    CLI_TEST_MS,
  );

  it(
    'fails the gate (exit 1) when a threshold is above what the pipeline scored',
    async () => {
      // The weakest metric, with a threshold halfway between its score and 1: the same pipeline cannot meet it.
      const [metric, score] = Object.entries(scores).sort((a, b) => a[1] - b[1])[0];
      expect(score).toBeLessThan(1);
      const threshold = ((score + 1) / 2).toFixed(3);
      const result = await runCli([
        '--url',
        api.url,
        '--api-key',
        apiKey,
        '--dataset',
        DATASET,
        FLAG_OF[metric],
        threshold,
      ]);
      expect(result.code).toBe(1);
      const cells = result.stdout
        .split('\n')
        .find((l) => l.endsWith('fail'))!
        .split(/\s{2,}/);
      expect(Number(cells[1])).toBeLessThan(Number(threshold));
      expect(cells[4]).toBe(threshold);
      expect(result.stderr).toContain(`below threshold: ${metric}`);
    },
    CLI_TEST_MS,
  );

  it(
    'exits 2 when the server refuses the dataset, showing its bad lines',
    async () => {
      const dir = await tempDataDir();
      try {
        const file = join(dir.dir, 'bad.jsonl');
        await writeFile(file, '{"question":"q","groundTruth":"g"}\n{"question":"no answer"}\n');
        const result = await runCli(['--url', api.url, '--api-key', apiKey, '--dataset', file]);
        expect(result.code).toBe(2);
        expect(result.stderr).toContain('line 2: "groundTruth" is missing');
      } finally {
        await dir.cleanup();
      }
    },
    CLI_TEST_MS,
  );

  it(
    'exits 3 when the server cannot be reached',
    async () => {
      const result = await runCli(['--url', 'http://127.0.0.1:9', '--api-key', apiKey, '--dataset', DATASET]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('did not answer');
    },
    CLI_TEST_MS,
  );
});
