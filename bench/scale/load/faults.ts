import { Client } from 'pg';
import type { TcpProxy } from '../../../test/support/tcp-proxy';
import type { FakeOpenAiChatServer } from '../../../test/support/fake-llm-servers';
import type { AppProcess } from './app-processes';
import type { OwnRedis } from './redis-server';

/**
 * One fault injected while the load runs: `inject` breaks something, `heal` undoes it after a while; the
 * harness watches readiness throughout. `expectNotReady` names the processes whose readiness must show it
 * (a non-200 answer, or none) while it lasts; the others must stay ready. `circuits`: the fault shows in the
 * readiness details (open LLM circuits) instead, readiness staying 200 by design.
 */
export interface Fault {
  name: string;
  what: string;
  expectNotReady: string[];
  circuits?: boolean;
  /** Why the fault cannot run here, when it cannot. */
  skip?: string;
  inject(log: (line: string) => void): Promise<void>;
  heal(log: (line: string) => void): Promise<void>;
  /** What the fault hit, for the report (the worker-kill's document, say). */
  evidence?: Record<string, unknown>;
}

const PROCESSING = ['parsing', 'chunking', 'embedding', 'indexing'];

async function withPg<T>(databaseUrl: string, run: (pg: Client) => Promise<T>): Promise<T> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  try {
    return await run(pg);
  } finally {
    await pg.end();
  }
}

/**
 * Kills a worker while it is ingesting a document it holds, and starts it again. To know which document the
 * killed worker holds, the other workers are paused (SIGSTOP) for the moment it takes one of the waiting
 * documents to start: only the worker to be killed can have started it. They resume right after the kill
 * (well within JOB_LOCK_MS, so their own jobs keep their locks). The document must still end ready: its job
 * stalls when the lock runs out and another worker runs it again.
 */
export function workerKill(worker: AppProcess, others: AppProcess[], databaseUrl: string): Fault {
  const fault: Fault = {
    name: 'worker-kill',
    what: `SIGKILL ${worker.name} while it ingests a document, start it again`,
    expectNotReady: [worker.name],
    async inject(log) {
      const paused = others.map((o) => o.pid).filter((p): p is number => !!p);
      for (const pid of paused) process.kill(pid, 'SIGSTOP');
      try {
        const processing = () =>
          withPg(databaseUrl, async (pg) => {
            const { rows } = await pg.query(`SELECT "id" FROM "documents" WHERE "status" = ANY($1)`, [PROCESSING]);
            return (rows as { id: string }[]).map((r) => r.id);
          });
        // Documents that start after the others were paused: only the worker to be killed can have started them.
        const before = new Set(await processing());
        const deadline = Date.now() + 20_000;
        let held: string[] = [];
        while (!held.length && Date.now() < deadline) {
          held = (await processing()).filter((id) => !before.has(id));
          if (!held.length) await new Promise((r) => setTimeout(r, 50));
        }
        await worker.kill('SIGKILL');
        fault.evidence = { killedAt: new Date().toISOString(), documents: held };
        log(
          `    killed ${worker.name} (SIGKILL) while it ingested ${held.length ? held.join(', ') : 'nothing seen (no document started within 20 s)'}`,
        );
      } finally {
        for (const pid of paused) process.kill(pid, 'SIGCONT');
      }
    },
    async heal(log) {
      await worker.start();
      log(`    started ${worker.name} again`);
    },
  };
  return fault;
}

/** How the documents the killed worker held ended, and how long after the kill. */
export async function killedDocumentsOutcome(
  databaseUrl: string,
  evidence: Record<string, unknown> | undefined,
): Promise<Array<{ id: string; status: string; readyAfterSeconds: number | null }>> {
  const ids = (evidence?.documents as string[] | undefined) ?? [];
  if (!ids.length) return [];
  const killedAt = new Date(String(evidence!.killedAt));
  return withPg(databaseUrl, async (pg) => {
    const { rows } = await pg.query(
      `SELECT "id", "status", "ingested_at" AS "ingestedAt" FROM "documents" WHERE "id" = ANY($1::uuid[])`,
      [ids],
    );
    return (rows as { id: string; status: string; ingestedAt: Date | null }[]).map((r) => ({
      id: r.id,
      status: r.status,
      readyAfterSeconds: r.ingestedAt ? (r.ingestedAt.getTime() - killedAt.getTime()) / 1000 : null,
    }));
  });
}

export function redisRestart(redis: OwnRedis | undefined, everyone: string[]): Fault {
  return {
    name: 'redis-restart',
    what: 'stop the Redis server (SIGTERM, as a service restart), start it again on the same port',
    expectNotReady: everyone,
    skip: redis
      ? undefined
      : "no redis-server binary to run a Redis of the benchmark's own (the shared one is never restarted)",
    async inject(log) {
      await redis!.stop();
      log(`    Redis stopped`);
    },
    async heal(log) {
      await redis!.start();
      log(`    Redis started again`);
    },
  };
}

export function postgresRefuses(proxy: TcpProxy, everyone: string[]): Fault {
  return {
    name: 'postgres-refuses',
    what: 'PostgreSQL refuses connections (the TCP proxy in front of it drops every connection and stops listening)',
    expectNotReady: everyone,
    async inject(log) {
      await proxy.cut();
      log(`    PostgreSQL unreachable`);
    },
    async heal(log) {
      await proxy.restore();
      log(`    PostgreSQL reachable again`);
    },
  };
}

export function llmFails(fake: FakeOpenAiChatServer, chat: boolean): Fault {
  let before = 0;
  const fault: Fault = {
    name: 'llm-provider-fails',
    what: 'the first LLM provider of the chain (a fake OpenAI server) answers every call with 500',
    expectNotReady: [],
    circuits: true,
    skip: chat ? undefined : 'the API has no POST /api/v1/chat yet, so nothing calls an LLM',
    async inject(log) {
      before = fake.requests.length;
      fake.answerAlways({ kind: 'status', status: 500, message: 'bench: provider down' });
      log(`    LLM provider answers 500`);
    },
    async heal(log) {
      fake.answerAlways(undefined);
      const failed = fake.requests.slice(before).filter((r) => r.answered === '500').length;
      fault.evidence = {
        summary: `${failed} provider calls answered 500 (the router failed over to the next in the chain)`,
      };
      log(`    LLM provider answers again (${failed} calls answered 500)`);
    },
  };
  return fault;
}
