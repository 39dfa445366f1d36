// Feed health and dead-letter re-run over HTTP, against embedded PostgreSQL (PGlite).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEAD_LETTER_SHOWN_CHARS,
  FEED_DEFAULTS,
  type DeadLetter,
  type DeadLettersResponse,
  type FeedConfig,
  type Site,
  type StoredDeadLetter,
} from '@portwatch/schema';
import type { FeedCounters } from '@portwatch/ingest';
import { openPglite, type Db } from '../storage/db.ts';
import { migrate } from '../storage/migrations.ts';
import { Store } from '../storage/store.ts';
import { createApp } from '../app.ts';
import type { ApiContext } from '../context.ts';
import { testApiContext } from '../testing/api-context.ts';
import { testAccessControl, type TestAccess } from '../testing/test-tokens.ts';

const feeds: FeedConfig[] = [
  {
    ...FEED_DEFAULTS,
    id: 'smoke',
    name: 'Smoke detectors',
    transport: 'mqtt',
    topic: 'site/smoke/+',
    format: 'json',
    mapping: {},
  },
  { ...FEED_DEFAULTS, id: 'access-control', transport: 'mqtt', topic: 'site/access/+', format: 'onvif' },
];
const counters: FeedCounters[] = [
  {
    feedId: 'smoke',
    received: 40,
    indicators: 10,
    rejected: 30,
    rejectedByReason: { time: 30 },
    rejectedByStage: { decoding: 30 },
    notUsed: 0,
    notUsedByReason: {},
    noZone: 0,
    noZoneByReason: {},
    lastSeen: new Date().toISOString(),
    ratePerSec: 0.5,
    recentReceived: 30,
    recentRejected: 24,
    shed: 0,
    shedByReason: {},
    queued: 0,
    sensors: [],
    otherSensors: { sensors: 0, received: 0, shed: 0 },
  },
];
const letter = (payload: string, extra: Partial<DeadLetter> = {}): DeadLetter => ({
  at: '2025-03-14T02:11:07.000Z',
  feedId: 'smoke',
  via: 'mqtt',
  topic: 'site/smoke/SMK-7',
  stage: 'decoding',
  reason: 'time: $.when gave nothing',
  size: payload.length,
  truncated: false,
  payload,
  ...extra,
});

let db: Db;
let store: Store;
let signIn: TestAccess;
/** What the fake pipeline accepts: records whose payload contains this word. */
let accepts = 'fixed';
const reprocessed: string[] = [];

function app(extra: Partial<ApiContext> = {}) {
  const ctx = testApiContext(store, {
    site: { id: 'test' } as Site,
    feeds: () => counters,
    feedConfigs: () => feeds,
    feedConfigProblem: () => null,
    reprocess: async (rec) => {
      reprocessed.push(rec.payload);
      return rec.payload.includes(accepts)
        ? { indicators: 1, indicatorIds: [`ind-${rec.payload.length}`], reasons: [] }
        : { indicators: 0, reasons: ['severity: $.level gave "weird", expected an integer 0–5'] };
    },
    ...extra,
  });
  return createApp(ctx, null, signIn.access);
}

const get = (a: ReturnType<typeof app>, path: string) =>
  a.request(path, { headers: { authorization: `Bearer ${signIn.tokens.viewer}` } });
const post = (a: ReturnType<typeof app>, body: unknown) =>
  a.request('/api/dead-letters/replay', {
    method: 'POST',
    headers: { authorization: `Bearer ${signIn.tokens.operator}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

beforeAll(async () => {
  db = await openPglite(null);
  await migrate(db);
  store = new Store(db);
  signIn = testAccessControl({ store });
  await store.insertDeadLetters([
    letter('{"when":null} fixed'),
    letter('{"level":"weird"}'),
    letter('{"cut":', { truncated: true }),
    letter('x'.repeat(5000) + ' fixed', { feedId: 'access-control' }),
  ]);
});
afterAll(async () => db.close());

describe('GET /api/feed-health', () => {
  it('gives every declared feed its config, counters and a status in words', async () => {
    const res = await get(app(), '/api/feed-health');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.configProblem).toBeNull();
    expect(body.feeds.map((f: { id: string; status: string }) => [f.id, f.status])).toEqual([
      ['smoke', 'Rejecting 80% of records'],
      ['access-control', 'Nothing received since start'],
    ]);
    expect(body.feeds[0]).toMatchObject({
      name: 'Smoke detectors',
      transport: 'mqtt',
      topic: 'site/smoke/+',
      format: 'json',
      received: 40,
      rejectedByReason: { time: 30 },
      tone: 'bad',
    });
  });

  it('says why the feeds.yaml on disk is not running', async () => {
    const problem = { file: 'dashboards/valencia/feeds.yaml', problems: ['feeds[2].format: unknown format "nmae"'] };
    const body = await (await get(app({ feedConfigProblem: () => problem }), '/api/feed-health')).json();
    expect(body.configProblem).toEqual(problem);
  });
});

describe('dead letters of a feed', () => {
  it('lists the raw record (its start) and the reason, newest first', async () => {
    const body = await (await get(app(), '/api/feed-health/access-control/dead-letters')).json();
    expect(body.replayTracked).toBe(true);
    expect(body.letters).toHaveLength(1);
    expect(body.letters[0]).toMatchObject({
      reason: 'time: $.when gave nothing',
      size: 5006,
      payloadCut: true,
      replayedAt: null,
    });
    expect(body.letters[0].payload).toHaveLength(2048);
  });

  it('reads them as /api/dead-letters does: one store read, one shape, one cut-off', async () => {
    const feedView = (await (
      await get(app(), '/api/feed-health/access-control/dead-letters')
    ).json()) as DeadLettersResponse;
    const listed = (await (await get(app(), '/api/dead-letters?feed=access-control')).json()) as StoredDeadLetter[];
    expect(listed).toEqual(feedView.letters);
    expect(listed[0]).toMatchObject({ feedId: 'access-control', payloadCut: true });
    expect(listed[0].payload).toHaveLength(DEAD_LETTER_SHOWN_CHARS);
  });

  it('refuses nonsense parameters with a 400 that says what was expected', async () => {
    expect((await get(app(), '/api/feed-health/Bad%20Feed/dead-letters')).status).toBe(400);
    const res = await get(app(), '/api/feed-health/smoke/dead-letters?limit=100000');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/limit: expected an integer from 1 to 500/);
  });
});

describe('POST /api/dead-letters/replay', () => {
  it('re-runs the pending letters of a feed: decoded ones are marked, others get the new reason, cut ones are skipped', async () => {
    const res = await post(app(), { feed: 'smoke' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ feed: 'smoke', tried: 2, decoded: 1, stillRejected: 1, skipped: 1, marked: true });
    expect(body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['decoded', 'rejected', 'skipped']);
    expect(body.results[1].reason).toMatch(/severity: \$\.level gave "weird"/);
    expect(body.results[0].indicatorIds).toEqual(['ind-19']);

    const listed = await (await get(app(), '/api/feed-health/smoke/dead-letters?pending=true')).json();
    expect(listed.letters.map((l: { payload: string }) => l.payload)).toEqual(['{"cut":', '{"level":"weird"}']);
    const [audit] = await db.query<{ action: string; target: string; actor: string; role: string; status: number }>(
      `SELECT action, target, actor, role, status FROM audit WHERE action = 'dead-letters.replay'`,
    );
    expect(audit).toEqual({
      action: 'dead-letters.replay',
      target: 'feed:smoke',
      actor: 'operator-1',
      role: 'operator',
      status: 200,
    });
  });

  it('re-runs chosen letters by id, and says which ids it does not know', async () => {
    accepts = 'weird';
    const [row] = await db.query<{ id: number }>(`SELECT id FROM dead_letters WHERE payload = '{"level":"weird"}'`);
    const body = await (await post(app(), { feed: 'smoke', ids: [Number(row.id), 999_999] })).json();
    expect(body.results).toEqual([
      { id: Number(row.id), outcome: 'decoded', indicatorIds: ['ind-17'] },
      { id: 999_999, outcome: 'skipped', indicatorIds: [], reason: 'no dead letter 999999 of feed "smoke"' },
    ]);
  });

  it('limits what one call may ask for', async () => {
    const tooMany = await post(app(), { feed: 'smoke', ids: Array.from({ length: 101 }, (_, i) => i + 1) });
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error).toMatch(/ids: expected 1 to 100/);
    expect((await post(app(), { feed: 'smoke', ids: [1], pad: 'x'.repeat(20_000) })).status).toBe(413);
    expect((await post(app(), 'not json')).status).toBe(400);
    expect((await post(app(), { ids: [1] })).status).toBe(400);
  });

  it('says plainly when this server cannot re-run records', async () => {
    const res = await post(app({ reprocess: undefined }), { feed: 'smoke' });
    expect(res.status).toBe(503);
    expect((await res.json()).error).toMatch(/no ingest pipeline/);
  });
});
