import { readFileSync } from 'node:fs';

/**
 * A process as recorded in a lock file. The start time (Linux only) guards against pid reuse: after a
 * container restart the new process often gets the very pid the dead one wrote down.
 */
export interface ProcessIdentity {
  pid: number;
  startTime?: string;
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot) and the state letter. */
function procStat(pid: number): { state: string; startTime: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: parse from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], startTime: fields[19] };
  } catch {
    return undefined;
  }
}

export function identify(pid: number): ProcessIdentity {
  return { pid, startTime: procStat(pid)?.startTime };
}

/** True while the recorded process still runs; a zombie (exited, not yet reaped) counts as gone. */
export function isAlive(who: ProcessIdentity): boolean {
  try {
    process.kill(who.pid, 0);
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(who.pid);
  if (!stat) return true;
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return who.startTime === undefined || who.startTime === stat.startTime;
}
