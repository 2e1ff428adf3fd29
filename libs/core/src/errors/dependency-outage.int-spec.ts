import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { BullMqConnection } from '../jobs/bullmq/bullmq.connection';
import { createRedisClient } from '../redis/redis.module';
import { dependencyOutage, serviceUnavailable } from './dependency-outage';

/**
 * The outage classifier against the errors the real drivers raise, not hand-made copies: a Redis server of the
 * test's own (on a free port, so stopping it touches nothing else) stopped under a client and a BullMQ
 * producer configured as DocQA configures them, and node-postgres refused a connection. Neither needs the
 * run mode's database, so the file runs the same in embedded and server mode.
 */

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const redisServer = execFileSync('sh', ['-c', 'command -v redis-server || true'], { encoding: 'utf8' }).trim();

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`not reached in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('dependency outages from the real drivers', () => {
  let port: number;
  let proc: ChildProcess | undefined;

  function startRedis(): void {
    proc = spawn(redisServer, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
  }

  async function stopRedis(): Promise<void> {
    const p = proc;
    proc = undefined;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    });
  }

  beforeAll(async () => {
    if (!redisServer) throw new Error('redis-server is not installed: these tests need the binary');
    port = await freePort();
    startRedis();
  });

  afterAll(async () => {
    await stopRedis();
  });

  it('classifies Redis stopped under the shared client and a queue producer as a 503, and recovers', async () => {
    const url = `redis://127.0.0.1:${port}`;
    const redis = createRedisClient(url, 'outage-test');
    redis.on('error', () => undefined);
    const queue = new Queue('outage-test', {
      connection: new BullMqConnection(url, 'outage-test', 'outage-test').queueOptions(),
    });
    queue.on('error', () => undefined);
    try {
      await until(async () => (await redis.ping()) === 'PONG', 10_000);
      await queue.add('job', { n: 1 });

      await stopRedis();
      const fromClient = await redis.get('key').then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(dependencyOutage(fromClient)?.dependency).toBe('redis');
      expect(serviceUnavailable(fromClient)?.httpStatus).toBe(503);
      const fromQueue = await queue.add('job', { n: 2 }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(fromQueue).toBeInstanceOf(Error);
      expect(dependencyOutage(fromQueue)?.dependency).toBe('redis');

      // Back on the same port: both reconnect by themselves.
      startRedis();
      await until(async () => (await redis.ping()) === 'PONG', 10_000);
      await until(async () => !!(await queue.add('job', { n: 3 })).id, 10_000);
    } finally {
      await queue.close().catch(() => undefined);
      redis.disconnect();
    }
  });

  it('classifies PostgreSQL refusing connections as a 503', async () => {
    const client = new Client({
      host: '127.0.0.1',
      port: await freePort(),
      user: 'postgres',
      connectionTimeoutMillis: 2000,
    });
    const err = await client.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(dependencyOutage(err)?.dependency).toBe('network');
    expect(serviceUnavailable(err)?.headers['Retry-After']).toBeDefined();
  });
});
