import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../../bench/scale/load/app-processes';
import { liveHeapBytes } from '../../bench/scale/load/live-heap';

/**
 * bench:load reads each app's live heap through its inspector: a real Node process holding 64 MiB of
 * garbage-free arrays, then letting them go, must read high then low (a collection ran before each reading).
 */
describe('bench:load live heap', () => {
  let child: ChildProcess | undefined;

  afterEach(() => {
    child?.kill('SIGKILL');
  });

  it('reads what survives a full collection through the inspector', async () => {
    const port = await freePort();
    const script = `
      let held = Array.from({ length: 64 }, () => new Array(128 * 1024).fill(1.5));
      process.stdin.on('data', () => { held = null; process.stdout.write('released\\n'); });
      process.stdout.write('ready\\n');
      setInterval(() => {}, 1000);`;
    child = spawn(process.execPath, [`--inspect=127.0.0.1:${port}`, '-e', script], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const lines: string[] = [];
    child.stdout!.on('data', (d: Buffer) => lines.push(...d.toString().split('\n')));
    const until = async (line: string) => {
      const deadline = Date.now() + 20_000;
      while (!lines.includes(line)) {
        if (Date.now() > deadline) throw new Error(`no "${line}" from the child`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await until('ready');
    const holding = await liveHeapBytes(port);
    child.stdin!.write('go\n');
    await until('released');
    const released = await liveHeapBytes(port);
    expect(holding).toBeGreaterThan(60 * 2 ** 20);
    expect(released).toBeLessThan(holding - 50 * 2 ** 20);
  });
});
