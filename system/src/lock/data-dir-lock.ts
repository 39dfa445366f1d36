// One writer per data directory. Two embedded instances on one DATA_DIR would each open the
// same PGlite files and see only their own writes (and one's data could be gone after a
// restart), so the directory is locked before anything in it is opened. The lock file is made
// with O_EXCL (atomic on local file systems), names its holder (lock-holder.ts), and is taken
// over only when that holder certainly runs no more on this host — a crash must not lock the
// user out, and of two starts that find the same stale lock only one may take it over.
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isStale, readLock, thisProcess, type LockHolder } from './lock-holder.ts';

export type { LockHolder } from './lock-holder.ts';
export const LOCK_FILE = 'portwatch.lock';

/**
 * How long a lock or take-over file may be seen unwritten before it counts as left behind. The
 * file is written right after it is made, so only a start racing this one (or one that died in
 * that instant) is ever seen empty.
 */
const SETTLE_MS = 3_000;

export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder | null,
    host = hostname(),
  ) {
    const file = join(dir, LOCK_FILE);
    super(
      !holder
        ? `data directory ${dir} is locked (${file} is unreadable); remove it if no Portwatch uses ${dir}`
        : `data directory ${dir} is in use by another Portwatch (pid ${holder.pid} on ${holder.host}, since ${holder.since}); ` +
            'stop it first, or give this instance its own DATA_DIR' +
            (holder.host === host
              ? ''
              : `. A lock from another host is never taken over (a shared volume may be in use there): ` +
                `if that instance is gone for good (a recreated container has a new host name), delete ${file} and start again`),
    );
  }
}

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

/** Lock files this process holds: a second lock in one process is refused, not taken over. */
const heldHere = new Set<string>();

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Makes `file` with `text` in it, or returns false when it exists. */
function create(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Removes `file` if it still holds `raw`. Several starts may judge the same content stale at
 * once; a guard file named after that content and made with O_EXCL lets one of them at a time
 * compare and remove, so a fresh lock made meanwhile is never removed in its place. Returns
 * false when another start holds the guard (look again shortly).
 */
function removeIfUnchanged(file: string, raw: string, me: LockHolder, depth = 0): boolean {
  const guard = `${file}.takeover-${createHash('sha256').update(raw).digest('hex').slice(0, 16)}`;
  // Unique content, so that a guard left by a start that died holding it is cleared the same way.
  if (!create(guard, JSON.stringify({ ...me, nonce: randomUUID() }) + '\n')) {
    // A take-over lasts microseconds: an older guard is one that start left behind.
    const left = readLock(guard);
    if (left && left.ageMs > SETTLE_MS && depth < 2) removeIfUnchanged(guard, left.raw, me, depth + 1);
    return false;
  }
  try {
    if (readLock(file)?.raw === raw) rmSync(file, { force: true });
    return true;
  } finally {
    rmSync(guard, { force: true });
  }
}

/** Guards left by starts that died taking over (harmless once the directory is locked again). */
function clearLeftGuards(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(`${LOCK_FILE}.takeover-`)) continue;
    const left = readLock(join(dir, name));
    if (left && left.ageMs > SETTLE_MS) rmSync(join(dir, name), { force: true });
  }
}

/** Takes the lock or throws DataDirLockedError naming the holder. */
export function lockDataDir(dir: string, host = hostname()): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  const me = thisProcess(host);
  const mine = JSON.stringify(me) + '\n';
  const waitUntil = Date.now() + 2 * SETTLE_MS;
  for (;;) {
    if (create(file, mine)) {
      // Read back: the file is ours only if nobody replaced it between making and writing.
      if (readLock(file)?.raw !== mine) continue;
      heldHere.add(file);
      clearLeftGuards(dir);
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          heldHere.delete(file);
          // Only our own lock: a file taken over after we were presumed dead is not ours.
          if (readLock(file)?.raw === mine) rmSync(file, { force: true });
        },
      };
    }
    const seen = readLock(file);
    if (!seen) continue; // released meanwhile
    if (!seen.holder) {
      // Made but not written yet: a start racing this one holds it.
      if (seen.ageMs < SETTLE_MS && Date.now() < waitUntil) {
        pause(20);
        continue;
      }
      throw new DataDirLockedError(dir, null, host);
    }
    if (!isStale(seen.holder, me, heldHere.has(file))) throw new DataDirLockedError(dir, seen.holder, host);
    if (!removeIfUnchanged(file, seen.raw, me)) {
      if (Date.now() >= waitUntil) throw new DataDirLockedError(dir, seen.holder, host);
      pause(20);
    }
  }
}
