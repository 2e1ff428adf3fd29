import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ConfigError, loadConfig, loadDotEnv } from '@docqa/core';
import type { RunSummary } from '../metrics/aggregate';
import { embeddedConfig, startEmbeddedServer } from './embedded-server';
import { type EvalArgs, parseEvalArgs, USAGE, UsageError } from './eval-args';
import { ApiError, EvalClient } from './eval-client';
import { verdicts, verdictTable } from './thresholds';

/** Exit codes: 0 pass, 1 below a threshold, 2 usage error, 3 could not run. */
const EXIT = { pass: 0, belowThreshold: 1, usage: 2, failed: 3 } as const;

const say = (line: string) => process.stderr.write(`${line}\n`);

async function checkInputs(args: EvalArgs): Promise<void> {
  try {
    await access(args.dataset);
  } catch {
    throw new UsageError(`--dataset ${args.dataset}: no such file`);
  }
  if (args.documents !== undefined) {
    const info = await stat(args.documents).catch(() => undefined);
    if (!info?.isDirectory()) throw new UsageError(`--documents ${args.documents}: not a directory`);
  }
}

/** Runs the evaluation against a server (`client`), returns the exit code. */
async function evaluate(client: EvalClient, args: EvalArgs, deadline: number): Promise<number> {
  if (args.documents !== undefined) {
    const ids = await client.uploadDocuments(args.documents);
    say(`ingesting ${ids.size} document(s) from ${args.documents}`);
    const failed = await client.documentsSettled(ids, deadline);
    for (const f of failed) say(`warning: ${f.name} could not be ingested (${f.reason})`);
  }
  let dataset;
  try {
    const name = `${basename(args.dataset).replace(/\.[^.]*$/, '')} ${new Date().toISOString()}`;
    dataset = await client.createDataset(args.dataset, name);
  } catch (err) {
    // A dataset the server refuses (bad lines, too large) is the caller's input to fix.
    if (err instanceof ApiError && err.status >= 400 && err.status < 500) throw new UsageError(err.message);
    throw err;
  }
  say(`dataset: ${dataset.itemCount} questions (${dataset.unanswerableCount} unanswerable)`);
  const started = await client.startRun(dataset.id, args.judge);
  const run = await client.runFinished(started.id, deadline, (done, total) => say(`evaluating: ${done}/${total}`));
  if (run.status !== 'completed') {
    say(`the evaluation run failed: ${run.error ?? 'no reason given'}`);
    return EXIT.failed;
  }
  const rows = verdicts(run.summary as RunSummary, args.thresholds);
  const passed = rows.every((r) => r.result !== 'fail');
  process.stdout.write(`${verdictTable(rows)}\n`);
  const judge = run.config?.judge;
  say(
    `run ${run.id}: ${run.progress.done} items, ${run.progress.failed} failed by the pipeline; judged ${run.judge}` +
      (judge?.servedBy ? ` by ${judge.servedBy}` : judge?.reason ? ` (${judge.reason})` : ''),
  );
  if (args.out) {
    const items = await client.runItems(run.id);
    await writeFile(args.out, `${JSON.stringify({ run, items, verdicts: rows, passed }, null, 2)}\n`);
    say(`wrote ${args.out}`);
  }
  say(
    passed
      ? 'every threshold met'
      : `below threshold: ${rows
          .filter((r) => r.result === 'fail')
          .map((r) => r.metric)
          .join(', ')}`,
  );
  return passed ? EXIT.pass : EXIT.belowThreshold;
}

/** The default: a private embedded server in a temporary directory, removed afterwards (kept, with its log, on failure). */
async function evaluateEmbedded(args: EvalArgs, deadline: number): Promise<number> {
  loadDotEnv();
  const dataDir = await mkdtemp(join(tmpdir(), 'docqa-eval-'));
  const logFile = join(dataDir, 'docqa.log');
  const fileLog = args.verbose ? undefined : createWriteStream(logFile);
  let server: Awaited<ReturnType<typeof startEmbeddedServer>> | undefined;
  let keep = false;
  try {
    const config = embeddedConfig(loadConfig(), dataDir);
    say('starting an embedded DocQA for the evaluation');
    server = await startEmbeddedServer(config, fileLog ?? process.stderr);
    const client = await EvalClient.registered(
      server.url,
      `eval-${randomBytes(4).toString('hex')}@docqa.invalid`,
      randomBytes(18).toString('base64url'),
    );
    const code = await evaluate(client, args, deadline);
    keep = code === EXIT.failed;
    return code;
  } catch (err) {
    keep = !(err instanceof UsageError) && !(err instanceof ConfigError);
    throw err;
  } finally {
    await server?.app.close();
    if (fileLog) await new Promise((resolve) => fileLog.end(resolve));
    if (keep && fileLog) say(`the embedded server's log: ${logFile} (kept)`);
    else await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

async function main(argv: string[]): Promise<number> {
  let args: EvalArgs | 'help';
  try {
    args = parseEvalArgs(argv);
    if (args === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return EXIT.pass;
    }
    await checkInputs(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    say(`${err.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const deadline = Date.now() + args.timeoutMs;
  try {
    return args.url
      ? await evaluate(EvalClient.withApiKey(args.url, args.apiKey!), args, deadline)
      : await evaluateEmbedded(args, deadline);
  } catch (err) {
    if (err instanceof UsageError) {
      say(err.message);
      return EXIT.usage;
    }
    if (err instanceof ConfigError) {
      say(err.message);
      return EXIT.usage;
    }
    say(`the evaluation could not run: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.failed;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Provider SDK sockets and timers must not keep a finished evaluation alive.
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (err: unknown) => {
    say(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(EXIT.failed);
  },
);
