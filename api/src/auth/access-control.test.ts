// Access control over HTTP, against embedded PostgreSQL (PGlite) for the audit trail.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appendFileSync, writeFileSync, readFileSync } from 'node:fs';
import type { Site } from '@portwatch/schema';
import { openPglite, type Db } from '../storage/db.ts';
import { migrate } from '../storage/migrations.ts';
import { Store } from '../storage/store.ts';
import { createApp } from '../app.ts';
import type { ApiContext } from '../context.ts';
import { testAccessControl, mintTestToken, type TestAccess } from '../testing/test-tokens.ts';
import { testApiContext } from '../testing/api-context.ts';
import { FailedAuthLimiter } from './failed-auth-limiter.ts';
import { hashToken } from './tokens-file.ts';

let db: Db;
let store: Store;
let t: TestAccess;
let now = 1_000_000;

function ctx(): ApiContext {
  return testApiContext(store, {
    site: { id: 'test', zones: { type: 'FeatureCollection', features: [] } } as unknown as Site,
    feedConfigs: () => [],
    reprocess: async () => ({ indicators: 0, reasons: [] }),
  });
}

type App = ReturnType<typeof createApp>;
let app: App;
/** A request from a client address (the node server's socket, as Hono sees it). */
function call(
  path: string,
  opts: { token?: string; method?: string; body?: unknown; from?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  return app.request(
    path,
    { method: opts.method ?? 'GET', headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) },
    { incoming: { socket: { remoteAddress: opts.from ?? '192.0.2.10' } } },
  );
}
const replay = (token?: string) => call('/api/dead-letters/replay', { method: 'POST', token, body: { feed: 'smoke' } });
const auditRows = () =>
  db.query<{
    actor: string;
    role: string | null;
    method: string;
    path: string;
    status: number;
    client: string;
    action: string;
    detail: unknown;
  }>('SELECT actor, role, method, path, status, client, action, detail FROM audit ORDER BY id');

beforeAll(async () => {
  db = await openPglite(null);
  await migrate(db);
  store = new Store(db);
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.query('DELETE FROM audit');
  t = testAccessControl({ store, limiter: new FailedAuthLimiter({ max: 5, windowMs: 60_000, now: () => now }) });
  app = createApp(ctx(), null, t.access);
});

describe('signing in', () => {
  it('refuses a request without a token with 401, says how to sign in, and audits it', async () => {
    const res = await call('/api/incidents');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="portwatch"');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({
      error: expect.stringMatching(/access token \(Authorization: Bearer <token>\)/),
      reason: 'missing_token',
    });
    expect(await auditRows()).toEqual([
      {
        actor: 'anonymous',
        role: null,
        method: 'GET',
        path: '/api/incidents',
        status: 401,
        client: '192.0.2.10',
        action: 'auth.denied',
        detail: 'no token',
      },
    ]);
  });

  it('refuses a wrong token with 401 and audits it without writing the token down', async () => {
    const wrong = t.tokens.viewer.slice(0, -2) + 'xx';
    const res = await call('/api/site', { token: wrong });
    expect(res.status).toBe(401);
    expect((await res.json()).reason).toBe('invalid_token');
    const [row] = await auditRows();
    expect(row).toMatchObject({
      actor: 'anonymous',
      status: 401,
      action: 'auth.denied',
      detail: `unknown token (sha256 ${hashToken(wrong).slice(0, 12)}…)`,
    });
    expect(JSON.stringify(row)).not.toContain(wrong);
  });

  it('lets a viewer read and says who is signed in', async () => {
    expect((await call('/api/incidents', { token: t.tokens.viewer })).status).toBe(200);
    const session = await (await call('/api/session', { token: t.tokens.viewer })).json();
    expect(session).toMatchObject({ name: 'viewer-1', role: 'viewer', siteId: 'test' });
    // Reads are not audited: the trail is for changes and refusals.
    expect(await auditRows()).toEqual([]);
  });

  it('keeps /api/health open for the container healthcheck and the web app files open for the sign-in screen', async () => {
    expect((await call('/api/health')).status).toBe(200);
    expect((await call('/')).status).toBe(200);
    expect(await auditRows()).toEqual([]);
  });

  it('tells only up, degraded or down without a token; the details to a signed-in viewer', async () => {
    expect(await (await call('/api/health')).json()).toEqual({ status: 'ok' });
    expect(await (await call('/api/health', { token: 'not-a-token' })).json()).toEqual({ status: 'ok' });
    const details = await (await call('/api/health', { token: t.tokens.viewer })).json();
    expect(details).toMatchObject({ status: 'ok', siteId: 'test', startedAt: expect.any(String) });
    expect(await auditRows()).toEqual([]);
  });

  it('keeps at most 256 characters of a refused path in the audit row', async () => {
    const long = '/api/incidents/' + 'a'.repeat(8000);
    expect((await call(long)).status).toBe(401);
    const [row] = await auditRows();
    expect(row.path).toBe(`${long.slice(0, 256)}… (${long.length} characters)`);
    const [{ target }] = await db.query<{ target: string }>('SELECT target FROM audit');
    expect(target).toBe(row.path);
  });

  it('sends the security headers on every answer: API, refusals and the web app', async () => {
    for (const res of [await call('/api/health'), await call('/api/incidents'), await call('/')]) {
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('accepts a token added to the file while running, and refuses it once its line is deleted', async () => {
    const late = mintTestToken(t.tokensFile, 'viewer', 'late-shift');
    expect((await call('/api/site', { token: late })).status).toBe(200);
    const kept = readFileSync(t.tokensFile, 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('late-shift '));
    writeFileSync(t.tokensFile, kept.join('\n'));
    appendFileSync(t.tokensFile, '\n# late-shift revoked\n');
    expect((await call('/api/site', { token: late })).status).toBe(401);
  });
});

describe('roles', () => {
  it('does not let a viewer re-run dead letters (403, audited), and lets an operator', async () => {
    const refused = await replay(t.tokens.viewer);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toMatch(/viewer-1, viewer.*needs the operator role/);
    const done = await replay(t.tokens.operator);
    expect(done.status).toBe(200);
    const rows = await auditRows();
    expect(rows.map((r) => [r.actor, r.role, r.method, r.path, r.status, r.action])).toEqual([
      ['viewer-1', 'viewer', 'POST', '/api/dead-letters/replay', 403, 'access.denied'],
      ['operator-1', 'operator', 'POST', '/api/dead-letters/replay', 200, 'dead-letters.replay'],
    ]);
    expect(rows[1].detail).toMatchObject({ feed: 'smoke', tried: 0 });
  });

  it('audits a change that fails too, with its answer', async () => {
    const res = await call('/api/dead-letters/replay', {
      method: 'POST',
      token: t.tokens.admin,
      body: { feed: 'Not A Feed' },
    });
    expect(res.status).toBe(400);
    expect((await auditRows()).map((r) => [r.actor, r.status, r.action])).toEqual([
      ['admin-1', 400, 'dead-letters.replay'],
    ]);
  });

  it('shows the audit trail to admins only, newest first', async () => {
    await replay(t.tokens.viewer);
    expect((await call('/api/audit', { token: t.tokens.operator })).status).toBe(403);
    const res = await call('/api/audit?limit=10', { token: t.tokens.admin });
    expect(res.status).toBe(200);
    const trail = await res.json();
    expect(trail.map((r: { actor: string; status: number }) => [r.actor, r.status])).toEqual([
      ['operator-1', 403],
      ['viewer-1', 403],
    ]);
    expect(trail[1]).toMatchObject({
      method: 'POST',
      path: '/api/dead-letters/replay',
      client: '192.0.2.10',
      action: 'access.denied',
      at: expect.any(String),
    });
    expect((await call('/api/audit?limit=0', { token: t.tokens.admin })).status).toBe(400);
  });

  it('refuses an endpoint the policy does not list, even to an admin, and 401s it without a token', async () => {
    const res = await call('/api/secret-new-thing', { token: t.tokens.admin });
    expect(res.status).toBe(403);
    expect((await res.json()).error).toBe('GET /api/secret-new-thing is not open to any role');
    expect((await call('/api/secret-new-thing')).status).toBe(401);
    expect((await call('/api/incidents', { method: 'DELETE', token: t.tokens.admin })).status).toBe(403);
  });

  it('asks a token for /metrics unless it is made public', async () => {
    expect((await call('/metrics')).status).toBe(401);
    expect((await call('/metrics', { token: t.tokens.viewer })).status).toBe(200);
    const open = testAccessControl({ metricsPublic: true });
    const publicApp = createApp(ctx(), null, open.access);
    expect((await publicApp.request('/metrics')).status).toBe(200);
    expect((await publicApp.request('/api/site')).status).toBe(401);
  });
});

describe('failed sign-ins', () => {
  it('refuses an address with 429 and Retry-After after too many, counts them, and audits the block once', async () => {
    for (let i = 0; i < 5; i++)
      expect((await call('/api/site', { token: 'pw_guess' + i, from: '198.51.100.7' })).status).toBe(401);
    now += 20_000;
    const blocked = await call('/api/site', { token: 'pw_guess', from: '198.51.100.7' });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('40');
    expect((await blocked.json()).error).toMatch(/too many failed sign-ins from this address; try again in 40 s/);
    // Blocked means blocked: a right token does not get through from there until the window ends…
    expect((await call('/api/site', { token: t.tokens.viewer, from: '198.51.100.7' })).status).toBe(429);
    // …while other addresses are not affected.
    expect((await call('/api/site', { token: t.tokens.viewer, from: '198.51.100.8' })).status).toBe(200);
    const rows = await auditRows();
    expect(rows.map((r) => r.action)).toEqual([...Array(5).fill('auth.denied'), 'auth.rate_limited']);
    const metrics = await (await call('/metrics', { token: t.tokens.viewer })).text();
    expect(metrics).toContain('portwatch_auth_denied_total{reason="invalid_token"} 5');
    expect(metrics).toContain('portwatch_auth_denied_total{reason="rate_limited"} 2');
    now += 40_000;
    expect((await call('/api/site', { token: t.tokens.viewer, from: '198.51.100.7' })).status).toBe(200);
  });
});
