import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, utimesSync, readdirSync } from 'node:fs';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { startTicks } from './lock-holder.ts';
import { createServer, type Server } from 'node:net';
import { lockDataDir, DataDirLockedError, LOCK_FILE } from './data-dir-lock.ts';
import { assertPortFree, PortInUseError } from './port-free.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'portwatch-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A pid that existed and is gone: a child that already exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill();
});
/** A live process that is not this one (and not a Portwatch). */
function livePid(): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  children.push(child);
  return child.pid!;
}

function stdoutOf(child: ChildProcess): Promise<string> {
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => process.stderr.write(d));
  return new Promise((resolve) => child.on('close', () => resolve(out)));
}

const RACER = join(import.meta.dirname, 'testdata', 'race-for-lock.ts');
const onLinux = existsSync('/proc/self/stat');

describe('one writer per data directory', () => {
  it('refuses a second holder, naming the directory and the process that holds it', () => {
    const dir = tmp();
    const lock = lockDataDir(dir);
    let err: unknown;
    try {
      lockDataDir(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataDirLockedError);
    expect((err as Error).message).toContain(dir);
    expect((err as Error).message).toContain(`pid ${process.pid} on ${hostname()}`);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lockDataDir(dir).release();
  });

  it('takes over a lock whose process is gone from this host (a crash does not lock the user out)', () => {
    const dir = tmp();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), host: hostname(), since: 'then' }));
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(lock.file, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock naming its own pid: a restarted container is PID 1 again on the same host', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: process.pid, host: hostname(), since: 'before the crash' }),
    );
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(lock.file, 'utf8')).since).not.toBe('before the crash');
    lock.release();
  });

  it.runIf(onLinux)('takes over a lock whose pid now belongs to a process started at another time', () => {
    const dir = tmp();
    const pid = livePid();
    const started = startTicks(pid)! - 1;
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host: hostname(), since: 'then', started }));
    lockDataDir(dir).release();
  });

  it.runIf(onLinux)('takes over a lock from before the last boot, whatever runs under its pid now', () => {
    const dir = tmp();
    const pid = livePid();
    const lock = { pid, host: hostname(), since: 'then', boot: 'an-earlier-boot', started: startTicks(pid) };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(lock));
    lockDataDir(dir).release();
  });

  it.runIf(onLinux)('refuses a lock whose process still runs (same pid, same start, same boot)', async () => {
    const dir = tmp();
    const holder = spawn(process.execPath, ['--import', 'tsx', RACER, String(Date.now()), '0', dir], { stdio: 'pipe' });
    children.push(holder);
    await new Promise((resolve) => holder.stdout!.once('data', resolve));
    expect(() => lockDataDir(dir)).toThrow(`pid ${holder.pid} on ${hostname()}`);
  });

  it('never takes over a lock held from another host, and says how to remove it once that instance is gone', () => {
    const dir = tmp();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), host: 'other-host', since: 'then' }));
    expect(() => lockDataDir(dir)).toThrow(/on other-host/);
    expect(() => lockDataDir(dir)).toThrow(`delete ${join(dir, LOCK_FILE)} and start again`);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
  });

  it('an unreadable lock file is reported, not ignored', () => {
    const dir = tmp();
    writeFileSync(join(dir, LOCK_FILE), 'garbage');
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(join(dir, LOCK_FILE), minuteAgo, minuteAgo);
    expect(() => lockDataDir(dir)).toThrow(/is locked .*unreadable/);
  });

  it('a lock just made and not yet written is waited for, then names its holder', async () => {
    const dir = tmp();
    const file = join(dir, LOCK_FILE);
    // Another start made the file and writes it a moment later (here 300 ms, normally µs).
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('fs'); fs.writeFileSync(${JSON.stringify(file)}, '');` +
          `setTimeout(() => fs.writeFileSync(${JSON.stringify(file)}, JSON.stringify({ pid: process.pid, host: ${JSON.stringify(hostname())}, since: 'now' })), 300);` +
          'setTimeout(() => {}, 60_000);',
      ],
      { stdio: 'ignore' },
    );
    children.push(writer);
    while (!existsSync(file)) await new Promise((r) => setTimeout(r, 5));
    expect(() => lockDataDir(dir)).toThrow(`pid ${writer.pid} on ${hostname()}`);
  });

  it('of two starts finding the same stale lock at once, exactly one takes it over', async () => {
    const rounds = 60;
    const dirs = Array.from({ length: rounds }, () => {
      const dir = tmp();
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), host: hostname(), since: 'then' }));
      return dir;
    });
    const at = String(Date.now() + 3_000);
    const racers = [0, 1].map(() => {
      const racer = spawn(process.execPath, ['--import', 'tsx', RACER, at, '30', ...dirs], { stdio: 'pipe' });
      children.push(racer);
      return stdoutOf(racer);
    });
    const [a, b] = (await Promise.all(racers)).map((out) => out.trim().split('\n'));
    for (let i = 0; i < rounds; i++) {
      const outcomes = [a[i], b[i]];
      expect(
        outcomes.filter((o) => o === 'locked'),
        `round ${i}: ${outcomes.join(' | ')}`,
      ).toHaveLength(1);
      expect(outcomes.find((o) => o !== 'locked')).toContain('is in use by another Portwatch');
    }
    // No take-over guard is left behind.
    for (const dir of dirs) expect(readdirSync(dir).filter((n) => n.includes('takeover'))).toEqual([]);
  });

  it('release leaves a lock taken over by someone else alone', () => {
    const dir = tmp();
    const lock = lockDataDir(dir);
    writeFileSync(lock.file, JSON.stringify({ pid: 1, host: 'elsewhere', since: 'now' }));
    lock.release();
    expect(existsSync(lock.file)).toBe(true);
  });
});

describe('port check', () => {
  it('says the port is in use before anything opens', async () => {
    const server: Server = createServer();
    await new Promise<void>((r) => server.listen(0, '0.0.0.0', () => r()));
    const port = (server.address() as { port: number }).port;
    await expect(assertPortFree(port)).rejects.toThrow(PortInUseError);
    await expect(assertPortFree(port)).rejects.toThrow(`port ${port} is already in use`);
    await new Promise((r) => server.close(r));
    await expect(assertPortFree(port)).resolves.toBeUndefined();
  });
});
