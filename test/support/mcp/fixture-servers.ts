import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The fixture MCP server's script (see fixture-mcp-server.mts). */
export const FIXTURE_SCRIPT = join(__dirname, 'fixture-mcp-server.mts');

/** The stdio server as an MCP server configuration: this Node runs the script (type stripping). */
export function stdioFixture(): { command: string; args: string[] } {
  return { command: process.execPath, args: [FIXTURE_SCRIPT, 'stdio'] };
}

export interface HttpFixture {
  url: string;
  port: number;
  proc: ChildProcess;
  /** Kills the process and resolves once it is gone. */
  kill(): Promise<void>;
}

/** Starts the fixture over streamable HTTP in its own process (on `port`, or any free one). */
export function startHttpFixture(env: Record<string, string> = {}, port = 0): Promise<HttpFixture> {
  const proc = spawn(process.execPath, [FIXTURE_SCRIPT, 'http', String(port)], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`the HTTP MCP fixture did not start:\n${out}`));
    }, 15_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /listening on port (\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      const actual = Number(m[1]);
      resolve({
        url: `http://127.0.0.1:${actual}/mcp`,
        port: actual,
        proc,
        kill: async () => {
          if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
          await exited;
        },
      });
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the HTTP MCP fixture exited before listening:\n${out}`));
    });
  });
}

/** Polls until `check` holds, failing after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
