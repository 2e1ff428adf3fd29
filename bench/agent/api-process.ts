import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DIST, ROOT } from '../bench-process';

export interface ApiProcess {
  url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** The built API in its own process (`node dist/apps/api/src/main.js`), once its readiness probe answers. */
export function startApi(env: NodeJS.ProcessEnv): Promise<ApiProcess> {
  return startApp('apps/api/src/main.js', 'PORT', env);
}

/** A worker process (server mode: the API leaves ingestion to it), once its readiness probe answers. */
export function startWorker(env: NodeJS.ProcessEnv): Promise<ApiProcess> {
  return startApp('apps/worker/src/main.js', 'WORKER_PORT', env);
}

async function startApp(script: string, portVariable: string, env: NodeJS.ProcessEnv): Promise<ApiProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(DIST, script)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env, [portVariable]: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${script} exited:\n${output}`);
    const res = await fetch(`${url}/api/v1/ready`).catch(() => undefined);
    if (res?.status === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${script} was not ready within 180 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
