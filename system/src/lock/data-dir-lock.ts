// One writer per data directory. Two embedded instances on one DATA_DIR would each open the
// same PGlite files and see only their own writes (and one's data could be gone after a
// restart), so the directory is locked before anything in it is opened. The lock file is made
// with O_EXCL (atomic on local file systems), names the holder's pid and host, and is taken
// over only when that pid is gone from this host — a crash must not lock the user out.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'portwatch.lock';

export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder | null,
  ) {
    super(
      holder
        ? `data directory ${dir} is in use by another Portwatch (pid ${holder.pid} on ${holder.host}, since ${holder.since}); ` +
            'stop it first, or give this instance its own DATA_DIR'
        : `data directory ${dir} is locked (${join(dir, LOCK_FILE)} is unreadable); remove it if no Portwatch uses ${dir}`,
    );
  }
}

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

function readHolder(file: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof h.pid !== 'number' || typeof h.host !== 'string') return null;
    return { pid: h.pid, host: h.host, since: String(h.since ?? 'unknown') };
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the pid exists but belongs to someone else — still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws DataDirLockedError naming the holder. */
export function lockDataDir(dir: string, host = hostname()): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host, since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o644);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(file);
      // A stale lock (its process gone from this host) is taken over once; a lock from another
      // host cannot be checked from here and is never taken over.
      const stale = holder !== null && holder.host === host && holder.pid !== process.pid && !alive(holder.pid);
      if (stale && attempt === 0) {
        rmSync(file, { force: true });
        continue;
      }
      throw new DataDirLockedError(dir, holder);
    }
    writeSync(fd, JSON.stringify(me) + '\n');
    closeSync(fd);
    let released = false;
    return {
      file,
      release() {
        if (released) return;
        released = true;
        // Only our own lock: a file taken over after we were presumed dead is not ours.
        const h = readHolder(file);
        if (h && h.pid === me.pid && h.host === me.host && h.since === me.since) rmSync(file, { force: true });
      },
    };
  }
}
