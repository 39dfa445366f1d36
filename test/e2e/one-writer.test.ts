// One writer per data directory, on real processes: a second `portwatch start` on a used
// DATA_DIR (or a used port) refuses at once, before it opens the database; the first keeps its
// data; the token command and the running server agree on the tokens file.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signedIn } from '@portwatch/api/testing';
import { freePorts } from '../brokers/free-port.js';
import { startService, type ServiceProcess } from '../support/processes.ts';
import { ROOT } from '../support/system.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'portwatch-one-writer-'));
const otherDir = mkdtempSync(join(tmpdir(), 'portwatch-one-writer-b-'));
let first: ServiceProcess;
let ports: number[];

function run(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'portwatch.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, SIMULATE: 'false', PORTWATCH_TOKENS_FILE: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - t0 }));
  });
}

beforeAll(async () => {
  ports = await freePorts(4);
  first = await startService({ DATA_DIR: dataDir, MQTT_PORT: String(ports[1]), PORTWATCH_TOKENS_FILE: '' }, ports[0]);
});
afterAll(async () => {
  await first?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(otherDir, { recursive: true, force: true });
});

describe('one writer per data directory', () => {
  it('prints a sign-in link on the real port and a token command that finds the real file', () => {
    const text = first.output.join('\n');
    expect(text).toContain(`http://localhost:${ports[0]}/#/login?token=pw_`);
    expect(text).toContain(`npx portwatch token add --name <who> --role viewer --file ${join(dataDir, 'tokens')}`);
  });

  it('`token add` with the same DATA_DIR writes the file the server reads: the token works at once', async () => {
    const add = await run(['token', 'add', '--name', 'colleague', '--role', 'viewer'], { DATA_DIR: dataDir });
    expect(add.code, add.stderr).toBe(0);
    expect(add.stderr).toContain(join(dataDir, 'tokens'));
    const session = await signedIn(`http://127.0.0.1:${ports[0]}`, add.stdout.trim()).getJson('/api/session');
    expect(session).toMatchObject({ name: 'colleague', role: 'viewer' });
  });

  it('a second instance on the same DATA_DIR refuses at once, naming the directory and the holder', async () => {
    const tokensBefore = readFileSync(join(dataDir, 'tokens'), 'utf8');
    const second = await run(['start'], { DATA_DIR: dataDir, PORT: String(ports[2]), MQTT_PORT: String(ports[3]) });
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(`data directory ${dataDir} is in use`);
    expect(second.stderr).toContain(`pid ${first.child.pid}`);
    expect(second.stdout).not.toContain('opening embedded PostgreSQL');
    expect(second.stdout).not.toContain('MQTT: embedded broker');
    // The first one is untouched and still serving.
    expect(readFileSync(join(dataDir, 'tokens'), 'utf8')).toBe(tokensBefore);
    expect((await fetch(`http://127.0.0.1:${ports[0]}/api/health`)).status).toBe(200);
  });

  it('a second instance on a used port fails before it opens a database or a broker', async () => {
    const second = await run(['start'], { DATA_DIR: otherDir, PORT: String(ports[0]), MQTT_PORT: String(ports[3]) });
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(`port ${ports[0]} is already in use`);
    expect(existsSync(join(otherDir, 'pglite'))).toBe(false);
    expect(readdirSync(otherDir)).not.toContain('portwatch.lock');
  });

  it('after the first exits, the directory opens again with its data (the colleague token still works)', async () => {
    await first.kill('SIGTERM');
    expect(existsSync(join(dataDir, 'portwatch.lock'))).toBe(false);
    first = await startService({ DATA_DIR: dataDir, MQTT_PORT: String(ports[1]), PORTWATCH_TOKENS_FILE: '' }, ports[0]);
    expect(first.output.join('\n')).not.toContain('First start');
    expect(readFileSync(join(dataDir, 'tokens'), 'utf8')).toContain('colleague viewer');
  });
});
