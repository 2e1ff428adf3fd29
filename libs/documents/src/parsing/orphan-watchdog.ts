import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';

/**
 * Makes sure a parser process group does not outlive the process that started it, however that process
 * dies (SIGKILL included). The parser notices a closed IPC channel ('disconnect') only when its event loop
 * turns, which a parser stuck in a long synchronous loop never lets happen. So this watches from outside:
 * a `sh` blocked reading a pipe that only this process holds open. It costs no CPU and about 1 MB; when
 * this process dies the kernel closes the pipe, `read` returns and the watchdog kills the group.
 * Returns what stops the watchdog once the parser has ended. Not on Windows (no process groups); there,
 * and where `sh` is missing, the parser's own disconnect handler is what remains.
 */
export function watchForOrphaning(groupId: number): () => void {
  if (process.platform === 'win32') return () => undefined;
  const watchdog = spawn('/bin/sh', ['-c', 'read _; kill -9 -"$1"', 'docqa-parser-watchdog', String(groupId)], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.on('error', () => undefined);
  watchdog.stdin?.on('error', () => undefined);
  // Never a reason for this process to stay alive.
  watchdog.unref();
  (watchdog.stdin as Socket | null)?.unref();
  return () => {
    watchdog.kill('SIGKILL');
  };
}
