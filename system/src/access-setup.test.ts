import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@portwatch/ingest';
import { setUpAccess } from './access-setup.ts';

const dataDir = () => join(mkdtempSync(join(tmpdir(), 'pw-data-')), 'data');

describe('where access tokens come from', () => {
  it('makes one admin token at the first start of the embedded default, and none at the next', () => {
    const dir = dataDir();
    const first = setUpAccess({ dataDir: dir, role: 'all' }, silentLogger);
    expect(first.firstStart).toMatchObject({ name: 'admin', role: 'admin', file: join(dir, 'tokens') });
    expect(first.registry.verify(first.firstStart!.token)).toMatchObject({ name: 'admin', role: 'admin' });
    expect(first.summary).toMatch(/first start, made an admin token/);
    const again = setUpAccess({ dataDir: dir, role: 'all' }, silentLogger);
    expect(again.firstStart).toBeNull();
    expect(again.registry.verify(first.firstStart!.token)?.name).toBe('admin');
    expect(again.summary).toMatch(/1 token\(s\) from .*tokens; \/metrics needs a token/);
  });

  it('refuses to start on a configured tokens file that is missing or broken, naming it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pw-tok-')), 'tokens');
    expect(() => setUpAccess({ dataDir: dataDir(), role: 'api', tokensFile: file }, silentLogger)).toThrow(
      `PORTWATCH_TOKENS_FILE: ${file} does not exist; make it with: npx portwatch token add --name <who> --role admin --file ${file}`,
    );
    writeFileSync(file, 'alice superuser 00\n');
    expect(() => setUpAccess({ dataDir: dataDir(), role: 'api', tokensFile: file }, silentLogger)).toThrow(
      `PORTWATCH_TOKENS_FILE: ${file}:1: role: expected one of viewer, analyst, operator, admin, got "superuser"`,
    );
  });

  it('makes no token on a worker, which then refuses all but /api/health', () => {
    const dir = dataDir();
    const worker = setUpAccess({ dataDir: dir, role: 'worker' }, silentLogger);
    expect(worker.firstStart).toBeNull();
    expect(existsSync(join(dir, 'tokens'))).toBe(false);
    expect(worker.summary).toMatch(
      /no tokens file .*every endpoint but \/api\/health is refused; set PORTWATCH_TOKENS_FILE or PORTWATCH_METRICS_PUBLIC=1/,
    );
  });
});
