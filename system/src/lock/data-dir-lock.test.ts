import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
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

  it('never takes over a lock held from another host (its process cannot be checked from here)', () => {
    const dir = tmp();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), host: 'other-host', since: 'then' }));
    expect(() => lockDataDir(dir)).toThrow(/on other-host/);
  });

  it('an unreadable lock file is reported, not ignored', () => {
    const dir = tmp();
    writeFileSync(join(dir, LOCK_FILE), 'garbage');
    expect(() => lockDataDir(dir)).toThrow(/is locked .*unreadable/);
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
