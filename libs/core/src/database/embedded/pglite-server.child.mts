/**
 * The embedded database process: PGlite (with pgvector) on the data directory, served over the Postgres
 * wire protocol on 127.0.0.1 so the parent talks to it with the ordinary `pg` driver. It runs in its own
 * process because PGlite executes queries synchronously in WASM: in the API process a slow query would
 * freeze the event loop.
 *
 * Node runs this file directly from source (type stripping) under jest and compiled from dist: it must
 * stay free of enums, decorators, parameter properties, path aliases and relative imports.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

interface ChildOptions {
  dataDir: string;
  port: number;
}

type ToParent =
  { type: 'ready'; port: number; created: boolean; startupMs: number } | { type: 'error'; message: string };

const SHUTDOWN_DEADLINE_MS = 10_000;

let db: PGlite | undefined;
let server: PGLiteSocketServer | undefined;
let closing: Promise<void> | undefined;

function send(message: ToParent): void {
  if (process.connected) process.send?.(message);
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function start(options: ChildOptions): Promise<void> {
  const began = Date.now();
  const created = !existsSync(join(options.dataDir, 'PG_VERSION'));
  db = await PGlite.create(options.dataDir, { extensions: { vector } });
  server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: options.port, maxConnections: 1 });
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  send({ type: 'ready', port, created, startupMs: Date.now() - began });
}

/** Closes PGlite so its files are consistent; waits for a start in progress rather than cutting it off. */
function shutdown(code: number, starting: Promise<void>): Promise<void> {
  closing ??= (async () => {
    setTimeout(() => process.exit(code || 1), SHUTDOWN_DEADLINE_MS).unref();
    await starting.catch(() => undefined);
    try {
      await server?.stop();
    } finally {
      if (db && !db.closed) await db.close();
    }
    process.exit(code);
  })().catch((err: unknown) => {
    process.stderr.write(`embedded database: closing failed: ${describe(err)}\n`);
    process.exit(1);
  });
  return closing;
}

function main(): void {
  if (!process.send) {
    process.stderr.write('embedded database: this process is started by DocQA over IPC, not by hand\n');
    process.exit(2);
  }
  const options = JSON.parse(process.argv[2] ?? '{}') as ChildOptions;
  const starting = start(options);
  // The parent decides when to stop: it may still be draining requests after Ctrl-C reached the whole group.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => void shutdown(0, starting));
  // The parent died or closed the channel: nobody can reach this database any more.
  process.on('disconnect', () => void shutdown(0, starting));
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'shutdown') void shutdown(0, starting);
  });
  process.on('uncaughtException', (err) => {
    send({ type: 'error', message: describe(err) });
    void shutdown(1, starting);
  });
  starting.catch((err: unknown) => {
    send({ type: 'error', message: `could not open the embedded database in ${options.dataDir}: ${describe(err)}` });
    void shutdown(1, starting);
  });
}

main();
