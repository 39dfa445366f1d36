// Access control on the running embedded system: the first start's admin token, the REST
// API and the live WebSocket refused without a token, roles, and the audit trail.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hashToken } from '@portwatch/api';
import { mintTestToken, openLiveSocket, signedIn, type SignedInClient } from '@portwatch/api/testing';
import { startTestSystem, type TestSystem } from '../support/system.ts';
import { portwatch } from '../cli/run-portwatch.ts';

let t: TestSystem;
let admin: SignedInClient;

beforeAll(async () => {
  t = await startTestSystem();
  admin = signedIn(t.base, t.system.firstStartToken!.token);
});
afterAll(async () => t?.stop());

describe('access control of the embedded system', () => {
  it('makes one admin token at first start and keeps only its hash, in a file only its owner can read', async () => {
    const first = t.system.firstStartToken!;
    expect(first).toMatchObject({ name: 'admin', role: 'admin', file: join(t.dataDir, 'tokens') });
    const text = readFileSync(first.file, 'utf8');
    expect(text).toContain(`admin admin ${hashToken(first.token)}`);
    expect(text).not.toContain(first.token);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    expect(await admin.getJson('/api/session')).toMatchObject({ name: 'admin', role: 'admin' });
  });

  it('refuses the REST API, /metrics and the live socket without a token, and keeps /api/health open', async () => {
    for (const path of ['/api/zones', '/api/incidents', '/api/feed-health', '/metrics'])
      expect((await fetch(t.base + path)).status, path).toBe(401);
    expect((await fetch(`${t.base}/api/health`)).status).toBe(200);
    await expect(openLiveSocket(t.base, null)).rejects.toThrow('live socket refused: HTTP 401');
    await expect(openLiveSocket(t.base, 'pw_not-a-real-token')).rejects.toThrow('live socket refused: HTTP 401');
    const live = await openLiveSocket(t.base, mintTestToken(t.system.tokensFile, 'viewer'));
    expect((await live.waitFor((m) => m.type === 'hello', 5000)).type).toBe('hello');
    live.close();
  });

  it('lets an operator re-run dead letters but not a viewer, and shows both to the admin in the audit trail', async () => {
    const viewer = signedIn(t.base, mintTestToken(t.system.tokensFile, 'viewer', 'gate-desk'));
    const operator = signedIn(t.base, mintTestToken(t.system.tokensFile, 'operator', 'soc-night'));
    expect((await viewer.postJson('/api/dead-letters/replay', { feed: 'access-control' })).status).toBe(403);
    const done = await operator.postJson<{ feed: string }>('/api/dead-letters/replay', { feed: 'access-control' });
    expect(done).toMatchObject({ status: 200, body: { feed: 'access-control' } });
    expect((await operator.fetch('/api/audit')).status).toBe(403);
    const trail =
      await admin.getJson<
        { actor: string; role: string; path: string; status: number; client: string; action: string }[]
      >('/api/audit');
    expect(trail.slice(0, 3).map((r) => [r.actor, r.role, r.status, r.action])).toEqual([
      ['soc-night', 'operator', 403, 'access.denied'],
      ['soc-night', 'operator', 200, 'dead-letters.replay'],
      ['gate-desk', 'viewer', 403, 'access.denied'],
    ]);
    expect(trail[0].client).toMatch(/127\.0\.0\.1/);
  });

  it('accepts at once a token made with `portwatch token add`, and refuses it once removed', async () => {
    const file = t.system.tokensFile;
    const made = await portwatch(['token', 'add', '--name', 'duty-engineer', '--role', 'operator', '--file', file]);
    expect(made.code).toBe(0);
    const token = made.stdout.trim();
    expect(token).toMatch(/^pw_\S{43}$/);
    expect(made.stderr).toContain('shown only this once');
    expect(readFileSync(file, 'utf8')).not.toContain(token);
    const engineer = signedIn(t.base, token);
    expect(await engineer.getJson('/api/session')).toMatchObject({ name: 'duty-engineer', role: 'operator' });
    expect((await portwatch(['token', 'list', '--file', file])).stdout).toMatch(/^duty-engineer\toperator\tsha256 /m);
    expect((await portwatch(['token', 'remove', '--name', 'duty-engineer', '--file', file])).code).toBe(0);
    expect((await engineer.fetch('/api/session')).status).toBe(401);
  });
});
