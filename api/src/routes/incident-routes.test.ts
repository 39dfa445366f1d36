// Operators working an incident over HTTP, against embedded PostgreSQL (PGlite): each action,
// the transitions it may make, the history and audit rows it leaves, and the refusals.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, LiveEvent } from '@portwatch/schema';
import { openPglite, type Db } from '../storage/db.ts';
import { migrate } from '../storage/migrations.ts';
import { Store } from '../storage/store.ts';
import { createApp } from '../app.ts';
import { testApiContext } from '../testing/api-context.ts';
import { testAccessControl, type TestAccess } from '../testing/test-tokens.ts';

let db: Db;
let store: Store;
let signIn: TestAccess;
let pushed: LiveEvent[];
let resolved: { id: string; atMs: number }[];
let n = 0;

function app() {
  const ctx = testApiContext(store, {
    broadcast: (messages) => pushed.push(...messages),
    incidentResolved: async (inc, atMs) => void resolved.push({ id: inc.id, atMs }),
  });
  return createApp(ctx, null, signIn.access);
}

type Role = 'viewer' | 'analyst' | 'operator' | 'admin';
async function act(
  id: string,
  body: unknown,
  role: Role = 'operator',
): Promise<{ status: number; body: { error?: string; changed?: boolean; message?: string; incident?: Incident } }> {
  const res = await app().request(`/api/incidents/${id}/actions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${signIn.tokens[role]}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function stored(id: string): Promise<Incident> {
  return (await store.getIncident(id))!;
}

/** A fresh incident as correlation raises it, with the drone SOP's checklist. */
async function raised(over: Partial<Incident> = {}): Promise<string> {
  const id = `inc-test-${++n}`;
  const inc: Incident = {
    id,
    ruleId: 'drone-over-restricted-area',
    title: 'Drone over Cruise terminal',
    severity: 4,
    status: 'new',
    siteId: 'valencia',
    zoneId: 'cruise-terminal',
    affectedZones: ['cruise-terminal'],
    domains: ['physical'],
    indicatorIds: ['rid:1'],
    firstSeen: '2026-01-15T02:58:00.000Z',
    lastSeen: '2026-01-15T03:00:00.000Z',
    mode: 'live',
    history: [{ at: '2026-01-15T03:00:00.000Z', by: 'rule:drone-over-restricted-area', action: 'raised' }],
    ...over,
  };
  const checklist = () => [
    { id: '1', text: 'Confirm the drone on the nearest camera.', done: false },
    { id: '2', text: 'Notify the Port Police.', done: false },
  ];
  await store.upsertIncidents([inc], checklist);
  return id;
}

async function auditRows(target: string) {
  return db.query<{
    actor: string;
    role: string;
    action: string;
    status: number;
    detail: Record<string, string> | null;
  }>('SELECT actor, role, action, status, detail FROM audit WHERE target = $1 ORDER BY id', [target]);
}

beforeAll(async () => {
  db = await openPglite(null);
  await migrate(db);
  store = new Store(db);
  signIn = testAccessControl({ store });
});
afterAll(async () => db.close());
beforeEach(() => {
  pushed = [];
  resolved = [];
});

describe('POST /api/incidents/:id/actions', () => {
  it('acknowledges a new incident once: a history line, a live push and an audit row; again is a no-op', async () => {
    const id = await raised();
    const first = await act(id, { action: 'acknowledge' });
    expect(first.status).toBe(200);
    expect(first.body.changed).toBe(true);
    expect(first.body.incident).toMatchObject({ id, status: 'acknowledged' });
    const inc = await stored(id);
    expect(inc.status).toBe('acknowledged');
    expect(inc.history.at(-1)).toMatchObject({
      by: 'operator-1',
      action: 'acknowledge',
      from: 'new',
      to: 'acknowledged',
    });
    expect(Date.parse(inc.history.at(-1)!.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(pushed).toEqual([{ type: 'incident', data: inc }]);

    const again = await act(id, { action: 'acknowledge' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      changed: false,
      message: expect.stringMatching(/already acknowledged by operator-1/),
    });
    expect((await stored(id)).history).toHaveLength(2);
    expect(pushed).toHaveLength(1);

    const audit = await auditRows(`incident:${id}`);
    expect(audit.map((a) => [a.actor, a.role, a.action, a.status])).toEqual([
      ['operator-1', 'operator', 'incident.acknowledge', 200],
      ['operator-1', 'operator', 'incident.acknowledge', 200],
    ]);
    expect(audit[0].detail).toMatchObject({ status: 'new → acknowledged' });
    expect(audit[1].detail).toMatchObject({ unchanged: expect.stringMatching(/already acknowledged/) });
  });

  it('assigns to the caller by default, then to a name; assigning starts the work', async () => {
    const id = await raised();
    const mine = await act(id, { action: 'assign' });
    expect(mine.body.incident).toMatchObject({ status: 'in_progress', assignee: 'operator-1' });
    const other = await act(id, { action: 'assign', assignee: '  Patrol 2 ' }, 'admin');
    expect(other.body.incident).toMatchObject({ status: 'in_progress', assignee: 'Patrol 2' });
    expect((await stored(id)).history.slice(1)).toMatchObject([
      { by: 'operator-1', action: 'assign', to: 'operator-1' },
      { by: 'admin-1', action: 'assign', from: 'operator-1', to: 'Patrol 2' },
    ]);
    expect((await act(id, { action: 'assign', assignee: 'Patrol 2' })).body.changed).toBe(false);
    expect((await act(id, { action: 'assign', assignee: 'a'.repeat(65) })).status).toBe(400);
    expect((await act(id, { action: 'assign', assignee: 'Eve\nroot' })).body.error).toMatch(
      /assignee: control characters/,
    );
  });

  it('adds notes (required, at most 2000 characters) without changing the status', async () => {
    const id = await raised();
    const ok = await act(id, { action: 'note', note: 'Patrol 2 on its way.\nETA 4 min.' });
    expect(ok.status).toBe(200);
    expect(ok.body.incident).toMatchObject({ status: 'new' });
    expect((await stored(id)).history.at(-1)).toMatchObject({
      action: 'note',
      note: 'Patrol 2 on its way.\nETA 4 min.',
      by: 'operator-1',
    });
    expect((await act(id, { action: 'note' })).body.error).toBe('note: required (text, at most 2000 characters)');
    expect((await act(id, { action: 'note', note: '   ' })).body.error).toBe('note: required, and may not be blank');
    const long = await act(id, { action: 'note', note: 'x'.repeat(2001) });
    expect(long.status).toBe(400);
    expect(long.body.error).toBe('note: at most 2000 characters, got 2001');
  });

  it('ticks SOP steps: the first one done starts the work; who and when are kept', async () => {
    const id = await raised();
    const ticked = await act(id, { action: 'sop_step', step: '2', done: true });
    expect(ticked.body.incident!.status).toBe('in_progress');
    const inc = await stored(id);
    expect(inc.sop![1]).toMatchObject({ id: '2', done: true, doneBy: 'operator-1' });
    expect(inc.sop![0]).toEqual({ id: '1', text: 'Confirm the drone on the nearest camera.', done: false });
    expect(inc.history.at(-1)).toMatchObject({
      action: 'sop_step',
      from: 'not done',
      to: 'done',
      note: '2. Notify the Port Police.',
    });
    expect((await act(id, { action: 'sop_step', step: 2, done: true })).body).toMatchObject({
      changed: false,
      message: expect.stringMatching(/step 2 is already done \(operator-1 at /),
    });
    const undone = await act(id, { action: 'sop_step', step: '2', done: false });
    expect(undone.body.incident!.sop![1]).toEqual({ id: '2', text: 'Notify the Port Police.', done: false });

    const unknown = await act(id, { action: 'sop_step', step: '9', done: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe(`step: no step "9" in this incident's checklist (expected one of 1, 2)`);
    expect((await act(id, { action: 'sop_step', step: '1' })).body.error).toMatch(/done: expected true/);

    const bare = await raised({ ruleId: 'port-scan', sop: [] });
    const none = await act(bare, { action: 'sop_step', step: '1', done: true });
    expect(none.status).toBe(409);
    expect(none.body.error).toMatch(/has no SOP checklist/);
  });

  it('resolves with a reason, tells correlation once, and refuses what a resolved incident cannot do', async () => {
    const id = await raised();
    expect((await act(id, { action: 'resolve' })).body.error).toBe('reason: required (text, at most 2000 characters)');
    const done = await act(id, { action: 'resolve', reason: 'False alarm: a seagull on camera CAM-CT-03' });
    expect(done.body.incident).toMatchObject({ status: 'resolved' });
    expect((await stored(id)).history.at(-1)).toMatchObject({
      action: 'resolve',
      from: 'new',
      to: 'resolved',
      note: 'False alarm: a seagull on camera CAM-CT-03',
    });
    expect(resolved.map((r) => r.id)).toEqual([id]);
    expect(pushed.map((m) => (m.data as Incident).status)).toEqual(['resolved']);

    // A double click: the second one changes nothing and tells correlation nothing.
    const twice = await act(id, { action: 'resolve', reason: 'handled' });
    expect(twice.body).toMatchObject({
      changed: false,
      message: expect.stringMatching(/already resolved by operator-1/),
    });
    expect(resolved).toHaveLength(1);

    for (const body of [
      { action: 'acknowledge' },
      { action: 'assign' },
      { action: 'sop_step', step: '1', done: true },
    ]) {
      const r = await act(id, body);
      expect(r.status).toBe(409);
      expect(r.body.error).toMatch(
        new RegExp(`incident ${id} is resolved \\(resolved by operator-1 at .*\\): reopen it first`),
      );
    }
    // A lesson learned still goes on the record.
    expect((await act(id, { action: 'note', note: 'Camera needs a bird spike.' })).status).toBe(200);
    expect((await stored(id)).status).toBe('resolved');
  });

  it('reopens a resolved incident to acknowledged, with a reason; refuses to reopen an open one', async () => {
    const id = await raised();
    const open = await act(id, { action: 'reopen', reason: 'again' });
    expect(open.status).toBe(409);
    expect(open.body.error).toBe(`incident ${id} is new, not resolved: only a resolved incident can be reopened`);
    await act(id, { action: 'resolve', reason: 'handled' });
    expect((await act(id, { action: 'reopen' })).status).toBe(400);
    const back = await act(id, { action: 'reopen', reason: 'The drone came back over berth 3.' });
    expect(back.body.incident).toMatchObject({ status: 'acknowledged' });
    expect((await stored(id)).history.map((h) => h.action)).toEqual(['raised', 'resolve', 'reopen']);
    expect((await stored(id)).history.at(-1)).toMatchObject({
      from: 'resolved',
      to: 'acknowledged',
      note: 'The drone came back over berth 3.',
    });
  });

  it('refuses viewers (403) and strangers (401), and audits the refusal', async () => {
    const id = await raised();
    const viewer = await act(id, { action: 'acknowledge' }, 'viewer');
    expect(viewer.status).toBe(403);
    expect(viewer.body.error).toMatch(/needs the operator role/);
    const anon = await app().request(`/api/incidents/${id}/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"action":"acknowledge"}',
    });
    expect(anon.status).toBe(401);
    expect((await stored(id)).status).toBe('new');
    const [row] = await db.query<{ actor: string; action: string; status: number }>(
      `SELECT actor, action, status FROM audit WHERE path = $1 AND status = 403`,
      [`/api/incidents/${id}/actions`],
    );
    expect(row).toEqual({ actor: 'viewer-1', action: 'access.denied', status: 403 });
  });

  it('answers nonsense with a 400 that says what was expected, and an unknown incident with 404', async () => {
    const id = await raised();
    expect((await act(id, 'not json')).body.error).toBe('body: expected JSON like {"action": "acknowledge"}');
    expect((await act(id, ['acknowledge'])).body.error).toMatch(/body: expected a JSON object/);
    expect((await act(id, { action: 'close' })).body.error).toBe(
      'action: expected one of acknowledge, assign, note, sop_step, resolve, reopen, got "close"',
    );
    expect((await act(id, { action: 'resolve', reson: 'typo' })).body.error).toBe(
      'reson: not a key of "resolve" (expected reason)',
    );
    expect((await act(id, { action: 'acknowledge', note: 'x' })).body.error).toBe(
      'note: not a key of "acknowledge" (it takes none)',
    );
    expect((await act(id, { action: 'note', note: 'x'.repeat(20_000) })).status).toBe(413);
    const missing = await act('inc-nope', { action: 'acknowledge' });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('no incident inc-nope');
    expect((await stored(id)).history).toHaveLength(1);
  });

  it('lists resolved incidents apart from the open queue', async () => {
    const id = await raised();
    await act(id, { action: 'resolve', reason: 'handled' });
    const res = await app().request('/api/incidents?status=resolved&limit=500', {
      headers: { authorization: `Bearer ${signIn.tokens.viewer}` },
    });
    const list = (await res.json()) as Incident[];
    expect(list.map((i) => i.id)).toContain(id);
    expect(list.every((i) => i.status === 'resolved' || i.status === 'closed')).toBe(true);
    const open = (await (
      await app().request('/api/incidents', { headers: { authorization: `Bearer ${signIn.tokens.viewer}` } })
    ).json()) as Incident[];
    expect(open.map((i) => i.id)).not.toContain(id);
  });
});
