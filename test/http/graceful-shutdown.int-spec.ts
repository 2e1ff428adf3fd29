import { request } from 'node:http';
import {
  createTempDatabase,
  databaseFor,
  describeIf,
  tempDataDir,
  testConfig,
  uniqueName,
  SERVER_DATABASE_URL,
  SERVER_REDIS_URL,
} from '../support/test-env';
import { startProbeApp } from '../support/http-app';
import { spawnBuiltApp } from '../support/spawn-app';

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('graceful shutdown', () => {
  it('lets an in-flight request finish while refusing new connections', async () => {
    const db = await databaseFor('embedded');
    const app = await startProbeApp(testConfig(db.env));
    try {
      const inflight = get(`${app.url}/api/v1/probe/slow?ms=1500`);
      await new Promise((r) => setTimeout(r, 300));
      const closing = app.close();
      await new Promise((r) => setTimeout(r, 100));
      await expect(get(`${app.url}/api/v1/health`)).rejects.toThrow(/ECONNREFUSED/);
      expect(await inflight).toEqual({ status: 200, body: '{"waited":1500}' });
      await closing;
    } finally {
      await db.cleanup();
    }
  });

  it('exits 0 within 10 s of SIGTERM in embedded mode and releases the data directory', async () => {
    const data = await tempDataDir();
    try {
      const first = await spawnBuiltApp('apps/api/src/main.js', { DATA_DIR: data.dir });
      // An idle keep-alive connection must not hold the process open.
      await fetch(`${first.url}/api/v1/health`);
      const sent = Date.now();
      first.proc.kill('SIGTERM');
      const exit = await first.exited;
      expect(exit).toEqual({ code: 0, signal: null });
      expect(Date.now() - sent).toBeLessThan(10_000);
      expect(first.output()).toContain('closed cleanly');
      // The embedded database's lock is gone: a new process opens the same directory.
      const second = await spawnBuiltApp('apps/api/src/main.js', { DATA_DIR: data.dir });
      expect((await fetch(`${second.url}/api/v1/ready`)).status).toBe(200);
      second.proc.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
    } finally {
      await data.cleanup();
    }
  });

  describeIf(!!SERVER_DATABASE_URL && !!SERVER_REDIS_URL, 'DATABASE_URL and REDIS_URL are not both set')(
    'in server mode',
    () => {
      it('closes the api and a worker within 10 s of SIGTERM', async () => {
        const db = await createTempDatabase();
        const data = await tempDataDir();
        try {
          const env = {
            DATA_DIR: data.dir,
            DATABASE_URL: db.url,
            REDIS_URL: SERVER_REDIS_URL,
            REDIS_KEY_PREFIX: uniqueName('shutdown'),
          };
          const api = await spawnBuiltApp('apps/api/src/main.js', env);
          const worker = await spawnBuiltApp('apps/worker/src/main.js', env);
          expect((await fetch(`${api.url}/api/v1/ready`)).status).toBe(200);
          expect((await fetch(`${worker.url}/api/v1/ready`)).status).toBe(200);
          const sent = Date.now();
          api.proc.kill('SIGTERM');
          worker.proc.kill('SIGTERM');
          expect(await api.exited).toEqual({ code: 0, signal: null });
          expect(await worker.exited).toEqual({ code: 0, signal: null });
          expect(Date.now() - sent).toBeLessThan(10_000);
        } finally {
          await db.drop();
          await data.cleanup();
        }
      });
    },
  );
});
