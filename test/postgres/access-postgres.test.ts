// Access control with the audit trail on the real PostgreSQL server: the same migrations,
// the same HTTP answers and audit rows as on PGlite.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { migrate, Store, createApp } from '@portwatch/api';
import { testAccessControl, testApiContext, type TestAccess } from '@portwatch/api/testing';
import { scratchDatabase, type ScratchDatabase } from '../support/postgres.ts';

let scratch: ScratchDatabase;
let t: TestAccess;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  scratch = await scratchDatabase('portwatch_access');
  await migrate(scratch.db);
  const store = new Store(scratch.db);
  t = testAccessControl({ store });
  app = createApp(testApiContext(store, { reprocess: async () => ({ indicators: 0, reasons: [] }) }), null, t.access);
});

afterAll(async () => scratch?.drop());

const from = { incoming: { socket: { remoteAddress: '10.20.0.5' } } };
const call = (path: string, token?: string, body?: unknown) =>
  app.request(
    path,
    {
      method: body ? 'POST' : 'GET',
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    },
    from,
  );

describe('access control on PostgreSQL', () => {
  it('refuses, allows by role and writes the audit trail that an admin reads back', async () => {
    expect((await call('/api/incidents')).status).toBe(401);
    expect((await call('/api/incidents', 'pw_wrong')).status).toBe(401);
    expect((await call('/api/dead-letters/replay', t.tokens.viewer, { feed: 'suricata' })).status).toBe(403);
    expect((await call('/api/dead-letters/replay', t.tokens.operator, { feed: 'suricata' })).status).toBe(200);
    expect((await call('/api/audit', t.tokens.operator)).status).toBe(403);
    const res = await call('/api/audit?limit=10', t.tokens.admin);
    expect(res.status).toBe(200);
    const trail = (await res.json()) as {
      actor: string;
      role: string | null;
      method: string;
      path: string;
      status: number;
      client: string;
      action: string;
      detail: unknown;
    }[];
    expect(trail.map((r) => [r.actor, r.role, r.status, r.action])).toEqual([
      ['operator-1', 'operator', 403, 'access.denied'],
      ['operator-1', 'operator', 200, 'dead-letters.replay'],
      ['viewer-1', 'viewer', 403, 'access.denied'],
      ['anonymous', null, 401, 'auth.denied'],
      ['anonymous', null, 401, 'auth.denied'],
    ]);
    expect(trail[1]).toMatchObject({
      method: 'POST',
      path: '/api/dead-letters/replay',
      client: '10.20.0.5',
      detail: { feed: 'suricata', tried: 0 },
    });
  });
});
