// Access control with the audit trail on the real PostgreSQL server: the same migrations,
// the same HTTP answers and audit rows as on PGlite.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import pg from 'pg';
import type { Site } from '@portwatch/schema';
import { openPostgres, migrate, Store, createApp, type ApiContext, type Db } from '@portwatch/api';
import { testAccessControl, type TestAccess } from '@portwatch/api/testing';
import { POSTGRES_URL, HOW_TO_START, runId } from '../support/brokers.ts';

const dbName = `portwatch_access_${runId().replace(/-/g, '_')}`;
let admin: pg.Client;
let db: Db;
let t: TestAccess;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect().catch((err: Error) => {
    throw new Error(`PostgreSQL at ${POSTGRES_URL} is not reachable (${err.message}): ${HOW_TO_START.postgres}`);
  });
  await admin.query(`CREATE DATABASE ${dbName}`);
  db = await openPostgres(POSTGRES_URL.replace(/\/[^/]*$/, `/${dbName}`));
  await migrate(db);
  const store = new Store(db);
  t = testAccessControl({ store });
  const ctx: ApiContext = {
    site: { id: 'valencia' } as Site,
    store,
    startedAt: new Date(),
    simulated: false,
    components: () => [],
    feeds: () => [],
    metrics: () => [],
    reprocess: async () => ({ indicators: 0, reasons: [] }),
  };
  app = createApp(ctx, null, t.access);
});

afterAll(async () => {
  await db?.close();
  await admin?.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin?.end();
});

const from = { incoming: { socket: { remoteAddress: '10.20.0.5' } } };
const call = (path: string, token?: string, body?: unknown) =>
  app.request(path, { method: body ? 'POST' : 'GET', headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined }, from);

describe('access control on PostgreSQL', () => {
  it('refuses, allows by role and writes the audit trail that an admin reads back', async () => {
    expect((await call('/api/incidents')).status).toBe(401);
    expect((await call('/api/incidents', 'pw_wrong')).status).toBe(401);
    expect((await call('/api/dead-letters/replay', t.tokens.viewer, { feed: 'suricata' })).status).toBe(403);
    expect((await call('/api/dead-letters/replay', t.tokens.operator, { feed: 'suricata' })).status).toBe(200);
    expect((await call('/api/audit', t.tokens.operator)).status).toBe(403);
    const res = await call('/api/audit?limit=10', t.tokens.admin);
    expect(res.status).toBe(200);
    const trail = (await res.json()) as { actor: string; role: string | null; method: string; path: string; status: number; client: string; action: string; detail: unknown }[];
    expect(trail.map((r) => [r.actor, r.role, r.status, r.action])).toEqual([
      ['operator-1', 'operator', 403, 'access.denied'],
      ['operator-1', 'operator', 200, 'dead-letters.replay'],
      ['viewer-1', 'viewer', 403, 'access.denied'],
      ['anonymous', null, 401, 'auth.denied'],
      ['anonymous', null, 401, 'auth.denied'],
    ]);
    expect(trail[1]).toMatchObject({ method: 'POST', path: '/api/dead-letters/replay', client: '10.20.0.5', detail: { feed: 'suricata', tried: 0 } });
  });
});
