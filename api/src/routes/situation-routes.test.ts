// The situation routes over HTTP as a viewer calls them, against embedded PostgreSQL (PGlite).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Indicator, Site, Situation, SituationChanges, IndicatorDensity } from '@portwatch/schema';
import { openPglite, type Db } from '../storage/db.ts';
import { migrate } from '../storage/migrations.ts';
import { Store } from '../storage/store.ts';
import { createApp } from '../app.ts';
import { testApiContext } from '../testing/api-context.ts';
import { testAccessControl, type TestAccess } from '../testing/test-tokens.ts';
import { STORY_SITE, STORY_ZONES, situationStory, storyTime } from '../testing/situation-story.ts';

let db: Db;
let store: Store;
let signIn: TestAccess;
const story = situationStory();

beforeAll(async () => {
  db = await openPglite(null);
  await migrate(db);
  store = new Store(db);
  signIn = testAccessControl({ store });
  await story.write(store);
});
afterAll(async () => db.close());

const site = {
  id: STORY_SITE,
  zones: { type: 'FeatureCollection', features: STORY_ZONES.map((id) => ({ properties: { id } })) },
} as unknown as Site;

async function get<T>(path: string, token: string | null = signIn.tokens.viewer): Promise<{ status: number; body: T }> {
  const app = createApp(testApiContext(store, { site }), null, signIn.access);
  const res = await app.request(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as T };
}

describe('GET /api/situation', () => {
  it('answers the picture at a moment to a viewer', async () => {
    const { status, body } = await get<Situation>(`/api/situation?at=${storyTime('09:20:00')}`);
    expect(status).toBe(200);
    expect(body.at).toBe(storyTime('09:20:00'));
    expect(body.mode).toBe('live');
    expect(body.zones.map((z) => [z.zoneId, z.level])).toEqual([
      ['gate-north', 'elevated'],
      ['data-centre', 'elevated'],
      ['cruise-terminal', 'low'],
    ]);
    expect(body.incidents.map((i) => [i.id, i.status])).toEqual([['inc-story-1', 'acknowledged']]);
    expect(body.tracks.map((t) => [t.id, t.alert !== undefined])).toEqual(
      expect.arrayContaining([
        ['538000001', false],
        ['224000002', true],
      ]),
    );
  });

  it('is now without a cursor: the story is long past, so nothing moves', async () => {
    const before = Date.now();
    const { status, body } = await get<Situation>('/api/situation');
    expect(status).toBe(200);
    expect(Date.parse(body.at)).toBeGreaterThanOrEqual(before);
    expect(body.tracks).toEqual([]);
  });

  it('names the parameter it cannot read', async () => {
    const bad = await get<{ error: string }>('/api/situation?at=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^at: expected an ISO-8601 time/);
    const mode = await get<{ error: string }>('/api/situation?mode=replay');
    expect(mode.status).toBe(400);
    expect(mode.body.error).toMatch(/^mode: expected one of live, exercise/);
  });

  it('asks who is calling', async () => {
    expect((await get('/api/situation', null)).status).toBe(401);
  });
});

describe('GET /api/situation/changes and /density', () => {
  it('pages the changes of a range in time order', async () => {
    const q = `from=${storyTime('09:00:00')}&to=${storyTime('09:10:00')}`;
    const first = await get<SituationChanges>(`/api/situation/changes?${q}&limit=50`);
    expect(first.status).toBe(200);
    expect(first.body.changes.length).toBeLessThanOrEqual(50);
    expect(first.body.next).toBe(first.body.changes.at(-1)!.t);
    const rest = await get<SituationChanges>(
      `/api/situation/changes?from=${first.body.next}&to=${storyTime('09:10:00')}&limit=5000`,
    );
    expect(rest.body.next).toBeUndefined();
    expect(rest.body.changes[0].t > first.body.next!).toBe(true);
  });

  it('refuses a range without a start or running backwards', async () => {
    const none = await get<{ error: string }>('/api/situation/changes');
    expect([none.status, none.body.error]).toEqual([400, 'from: expected an ISO-8601 time, got nothing']);
    const back = await get<{ error: string }>(
      `/api/situation/density?from=${storyTime('09:10:00')}&to=${storyTime('09:00:00')}`,
    );
    expect(back.status).toBe(400);
    expect(back.body.error).toMatch(/^to: expected a time at or after from/);
    const limit = await get<{ error: string }>(`/api/situation/changes?from=${storyTime('09:00:00')}&limit=0`);
    expect(limit.body.error).toMatch(/^limit: /);
  });

  it('gives the density along the time bar', async () => {
    const q = `from=${storyTime('09:00:00')}&to=${storyTime('10:00:00')}&buckets=12`;
    const { body } = await get<IndicatorDensity>(`/api/situation/density?${q}`);
    expect(body.buckets).toHaveLength(12);
    expect(body.buckets.reduce((n, b) => n + b.physical + b.cyber, 0)).toBe(story.indicators.length);
  });
});

describe('GET /api/indicators/:id', () => {
  it('opens one piece of evidence with its raw record', async () => {
    const first = story.indicators[0];
    const { status, body } = await get<Indicator>(`/api/indicators/${encodeURIComponent(first.id)}`);
    expect(status).toBe(200);
    expect(body).toEqual(first);
    expect(body.raw).toMatchObject({ mmsi: '538000001', sog: 12.3 });
  });

  it('says so when there is no such indicator', async () => {
    const { status, body } = await get<{ error: string }>('/api/indicators/nope');
    expect([status, body.error]).toEqual([404, 'no indicator nope']);
  });
});
