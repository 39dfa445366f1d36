// The store against embedded PGlite; test/ runs the same against the PostgreSQL server.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Incident, Indicator } from '@portwatch/schema';
import { openPglite, type Db } from './db.ts';
import { migrate } from './migrations.ts';
import { Store } from './store.ts';

let db: Db;
let store: Store;

beforeAll(async () => {
  db = await openPglite(null);
  await migrate(db);
  store = new Store(db);
});
afterAll(async () => db.close());

const indicator = (id: string, time: string, domain: 'physical' | 'cyber' = 'physical'): Indicator => ({
  id,
  time,
  ingestTime: time,
  mode: 'live',
  siteId: 'valencia',
  zoneId: 'gate-north',
  domain,
  type: domain === 'cyber' ? 'ids.alert' : 'access.door_forced',
  title: 'Door DOOR-GN-01 forced open',
  severity: 4,
  confidence: 100,
  location: { lat: 39.46, lon: -0.33 },
  source: { feed: 'access-control', format: 'onvif', sensorId: 'DOOR-GN-01' },
  observables: [],
  tags: [],
});

describe('store', () => {
  it('migrations run once', async () => {
    expect(await migrate(db)).toBe(0);
  });

  it('stores each indicator once however often it is delivered', async () => {
    const batch = [indicator('a', '2026-01-15T09:00:00.000Z'), indicator('b', '2026-01-15T09:00:30.000Z', 'cyber')];
    expect(await store.insertIndicators(batch)).toBe(2);
    expect(await store.insertIndicators(batch)).toBe(0);
    expect(await store.countIndicators()).toBe(2);
    const listed = await store.listIndicators({ zone: 'gate-north' });
    expect(listed.map((i) => i.id)).toEqual(['b', 'a']);
    expect(listed[1]).toEqual(batch[0]);
  });

  it('lists only the indicator types asked for (the map asks for positions)', async () => {
    const found = await store.listIndicators({ types: ['ids.alert', 'ais.position'] });
    expect(found.map((i) => i.id)).toEqual(['b']);
    expect(await store.listIndicators({ types: ['ais.position'] })).toEqual([]);
  });

  it('keeps what operators did when correlation sends an incident again', async () => {
    const inc: Incident = {
      id: 'inc-1',
      ruleId: 'hybrid-zone-activity',
      title: 'Hybrid activity',
      severity: 4,
      status: 'new',
      siteId: 'valencia',
      zoneId: 'gate-north',
      affectedZones: ['gate-north'],
      domains: ['physical', 'cyber'],
      indicatorIds: ['a', 'b'],
      firstSeen: '2026-01-15T09:00:00.000Z',
      lastSeen: '2026-01-15T09:00:30.000Z',
      mode: 'live',
      history: [{ at: '2026-01-15T09:00:30.000Z', by: 'rule:hybrid-zone-activity', action: 'raised' }],
    };
    await store.upsertIncidents([inc]);
    await store.saveIncident({ ...inc, status: 'acknowledged', history: [...inc.history, { at: '2026-01-15T09:01:00.000Z', by: 'op1', action: 'acknowledge' }] });
    const [merged] = await store.upsertIncidents([{ ...inc, indicatorIds: ['a', 'b', 'c'], lastSeen: '2026-01-15T09:02:00.000Z' }]);
    expect(merged.status).toBe('acknowledged');
    expect(merged.history).toHaveLength(2);
    expect(merged.indicatorIds).toEqual(['a', 'b', 'c']);
    expect(merged.lastSeen).toBe('2026-01-15T09:02:00.000Z');
    expect((await store.listIncidents()).map((i) => i.id)).toEqual(['inc-1']);
  });

  it('counts indicators per minute by domain', async () => {
    const rate = await store.indicatorRate(3, 'live', new Date('2026-01-15T09:01:10Z'));
    expect(rate).toEqual([
      { minute: '2026-01-15T08:59:00.000Z', physical: 0, cyber: 0 },
      { minute: '2026-01-15T09:00:00.000Z', physical: 1, cyber: 1 },
      { minute: '2026-01-15T09:01:00.000Z', physical: 0, cyber: 0 },
    ]);
  });

  it('keeps dead letters with their reason', async () => {
    await store.insertDeadLetters([{ at: '2026-01-15T09:00:00.000Z', feedId: 'access-control', via: 'mqtt', topic: 'valencia/access/AP-1', stage: 'decoding', reason: 'not JSON', size: 3, truncated: false, payload: '{{{' }]);
    const [dl] = await store.listDeadLetters({ feed: 'access-control' });
    expect(dl).toMatchObject({ reason: 'not JSON', payload: '{{{', stage: 'decoding' });
  });
});

describe('zone state', () => {
  it('keeps the newest state when one batch carries a zone twice', async () => {
    const z = (risk: number, updatedAt: string) => ({ siteId: 'valencia', zoneId: 'gate-north', mode: 'live' as const, risk, physical: risk, cyber: 0, level: 'low' as const, openIncidents: 0, updatedAt });
    await store.upsertZoneStates([z(30, '2026-01-15T09:00:01.000Z'), z(10, '2026-01-15T09:00:00.000Z'), z(35, '2026-01-15T09:00:02.000Z')]);
    const [state] = await store.zoneStates('valencia', 'live');
    expect(state.risk).toBe(35);
  });
});
