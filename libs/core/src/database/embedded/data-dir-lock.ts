import { randomBytes } from 'node:crypto';
import {
  linkSync,
  mkdirSync,
  openSync,
  closeSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { identify, isAlive, ProcessIdentity } from './process-identity';

export const LOCK_FILE_NAME = 'docqa.lock';

interface LockRecord {
  owner: ProcessIdentity;
  /** The child process that serves the database files, once it runs. */
  server?: ProcessIdentity;
  hostname: string;
  createdAt: string;
}

/** Lock files this process holds, so a second open in the same process is refused, not taken over. */
const heldHere = new Set<string>();

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
    lockFile: string,
    serverPid?: number,
  ) {
    const who =
      holderPid === process.pid
        ? `this process (pid ${holderPid}) already has it open`
        : `it is in use by process ${holderPid}${serverPid ? ` (its database process is ${serverPid})` : ''}`;
    super(
      `Cannot open the embedded database in ${dataDir}: ${who}. ` +
        'Stop that process, or set DATABASE_URL to use a PostgreSQL server instead. ' +
        `If no DocQA process is using this directory, delete ${lockFile}.`,
    );
    this.name = 'DataDirLockedError';
  }
}

function tempPath(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/** Creates `path` with `text` atomically (link of a complete temp file); false if it already exists. */
function createExclusive(path: string, text: string): boolean {
  const tmp = tempPath(path);
  writeFileSync(tmp, text);
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(tmp);
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function parse(text: string): LockRecord | undefined {
  try {
    const record = JSON.parse(text) as LockRecord;
    return Number.isInteger(record?.owner?.pid) ? record : undefined;
  } catch {
    return undefined;
  }
}

function sameProcess(a: ProcessIdentity, b: ProcessIdentity): boolean {
  return a.pid === b.pid && a.startTime === b.startTime;
}

/**
 * Removes a stale lock unless another process replaced it meanwhile. A short-lived guard file makes
 * "check it is still the stale one, then delete it" atomic between processes racing to take over.
 */
function removeStale(path: string, staleText: string): void {
  const guard = `${path}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // A guard left by a process that died mid-takeover would block everyone forever.
    try {
      if (Date.now() - statSync(guard).mtimeMs > 10_000) unlinkSync(guard);
    } catch {
      // gone already
    }
    return;
  }
  try {
    if (readText(path) === staleText) unlinkSync(path);
  } finally {
    closeSync(fd);
    unlinkSync(guard);
  }
}

/**
 * One process at a time may open an embedded data directory: two PGlite instances on the same files
 * corrupt them, and PGlite itself locks nothing. The lock file names the owning process (and its
 * database child); a lock whose processes are all gone is stale and taken over.
 */
export class DataDirLock {
  private constructor(
    readonly dataDir: string,
    readonly path: string,
    private record: LockRecord,
  ) {}

  static acquire(dataDir: string): DataDirLock {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, LOCK_FILE_NAME);
    const record: LockRecord = {
      owner: identify(process.pid),
      hostname: hostname(),
      createdAt: new Date().toISOString(),
    };
    for (let attempt = 0; attempt < 10; attempt++) {
      if (createExclusive(path, JSON.stringify(record))) {
        heldHere.add(path);
        return new DataDirLock(dataDir, path, record);
      }
      const text = readText(path);
      if (text === undefined) continue;
      const current = parse(text);
      if (current && DataDirLock.isLive(path, current)) {
        throw new DataDirLockedError(dataDir, current.owner.pid, path, current.server?.pid);
      }
      removeStale(path, text);
    }
    throw new Error(
      `Cannot open the embedded database in ${dataDir}: could not create ${path} (other processes keep racing for it).`,
    );
  }

  private static isLive(path: string, record: LockRecord): boolean {
    const mine = identify(process.pid);
    // Our own pid without our registration is a previous process that had the same pid (a restarted container).
    if (sameProcess(record.owner, mine)) return heldHere.has(path);
    if (record.owner.pid !== process.pid && isAlive(record.owner)) return true;
    return !!record.server && isAlive(record.server);
  }

  /** Records the database child so the lock stays live until that child has exited too. */
  recordServer(pid: number): void {
    this.record = { ...this.record, server: identify(pid) };
    const tmp = tempPath(this.path);
    writeFileSync(tmp, JSON.stringify(this.record));
    renameSync(tmp, this.path);
  }

  release(): void {
    heldHere.delete(this.path);
    const current = parse(readText(this.path) ?? '');
    if (current && sameProcess(current.owner, this.record.owner)) {
      try {
        unlinkSync(this.path);
      } catch {
        // already removed
      }
    }
  }
}
