import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const DIST = join(__dirname, '..');
export const ROOT = join(DIST, '..');

export interface Started {
  proc: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** Starts a built script and resolves when it prints the port it listens on. */
export function startProcess(script: string, env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<Started> {
  const proc = spawn(process.execPath, [join(DIST, script)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, PORT: '0', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${out}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on port (\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      // Stop collecting once started; the pipes keep flowing so the child never blocks on a full pipe.
      proc.stdout!.off('data', onData);
      proc.stderr!.off('data', onData);
      proc.stdout!.resume();
      proc.stderr!.resume();
      const stop = () =>
        new Promise<void>((done) => {
          proc.once('exit', () => done());
          proc.kill('SIGTERM');
        });
      resolve({ proc, url: `http://127.0.0.1:${m[1]}`, stop });
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${out}`)));
  });
}

/** Milliseconds from spawning the API until its readiness probe answers 200. */
export async function timeToReady(env: NodeJS.ProcessEnv): Promise<number> {
  const t0 = performance.now();
  const app = await startProcess('apps/api/src/main.js', env);
  for (;;) {
    const res = await fetch(`${app.url}/api/v1/ready`).catch(() => undefined);
    if (res?.status === 200) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const ms = performance.now() - t0;
  await app.stop();
  return ms;
}
