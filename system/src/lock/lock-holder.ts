// Who holds a data directory, and whether that holder can still be running. A pid alone does
// not say: in a container Portwatch is PID 1 at every start, so after a crash (SIGKILL, OOM)
// the restarted container finds "its own" pid in the lock; after a reboot any pid may be
// reused. The holder therefore also names the kernel's boot and the process's start time
// (Linux /proc; elsewhere only the pid is known and checked).
import { readFileSync, statSync } from 'node:fs';

export interface LockHolder {
  pid: number;
  host: string;
  since: string;
  /** /proc/sys/kernel/random/boot_id: changes at every boot of the (host) kernel. */
  boot?: string;
  /** /proc/<pid>/stat field 22: the process's start, in clock ticks after boot. */
  started?: number;
}

/** A lock file as read: its text, the holder when the text is one, and its age. */
export interface LockContent {
  raw: string;
  holder: LockHolder | null;
  ageMs: number;
}

function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat, or undefined where there is no /proc (or the pid is gone). */
export function startTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 is the command name in parentheses and may itself hold spaces or ')': count the
    // fields from after its last ')', where field 3 is the first.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(rest[22 - 3]);
    return Number.isFinite(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

export function thisProcess(host: string): LockHolder {
  return { pid: process.pid, host, since: new Date().toISOString(), boot: bootId(), started: startTicks(process.pid) };
}

/** The lock file's content, or null when there is no file (any more). */
export function readLock(file: string): LockContent | null {
  let raw: string;
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return { raw, holder: parseHolder(raw), ageMs: Date.now() - mtimeMs };
}

function parseHolder(raw: string): LockHolder | null {
  try {
    const h = JSON.parse(raw) as Partial<LockHolder>;
    if (typeof h.pid !== 'number' || typeof h.host !== 'string') return null;
    return {
      pid: h.pid,
      host: h.host,
      since: String(h.since ?? 'unknown'),
      boot: typeof h.boot === 'string' ? h.boot : undefined,
      started: typeof h.started === 'number' ? h.started : undefined,
    };
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

/**
 * Whether `holder` is certainly not running any more. A holder on another host cannot be
 * checked from here (a shared volume may really be in use over there) and is never stale.
 * `heldHere`: this process holds the lock itself (a second lock in one process is refused,
 * not taken over).
 */
export function isStale(holder: LockHolder, me: LockHolder, heldHere: boolean): boolean {
  if (holder.host !== me.host) return false;
  // A reboot ends every process, whatever pid now has the number.
  if (holder.boot && me.boot && holder.boot !== me.boot) return true;
  // Our own pid: we are not running twice in one process, so unless this process took the
  // lock, it is an earlier incarnation's (a restarted container is PID 1 again).
  // (The same start and boot as ours is this very process, whatever `heldHere` says.)
  if (holder.pid === me.pid)
    return !heldHere && !(me.started !== undefined && holder.started === me.started && holder.boot === me.boot);
  if (!alive(holder.pid)) return true;
  // The pid is taken, but by a process that started at another time: the number was reused.
  const started = startTicks(holder.pid);
  return holder.started !== undefined && started !== undefined && started !== holder.started;
}
