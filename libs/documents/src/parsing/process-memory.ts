import { readFile } from 'node:fs/promises';

/**
 * Resident memory of another process, read from `/proc/<pid>/status` (Linux): JS heap and native memory
 * alike, measured from outside, so a process blocked in a long synchronous parse is still measured.
 * `undefined` where there is no `/proc` or the process is gone.
 */
export async function processRssBytes(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}
