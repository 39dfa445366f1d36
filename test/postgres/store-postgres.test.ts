// The store on the real PostgreSQL server: the same migrations and SQL as PGlite.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Indicator } from '@portwatch/schema';
import { migrate, Store, type Db } from '@portwatch/api';
import { scratchDatabase, type ScratchDatabase } from '../support/postgres.ts';

let scratch: ScratchDatabase;
let db: Db;

beforeAll(async () => {
  scratch = await scratchDatabase('portwatch_test');
  db = scratch.db;
});

afterAll(async () => scratch?.drop());

const ind = (id: string, time: string): Indicator => ({
  id,
  time,
  ingestTime: time,
  mode: 'live',
  siteId: 'valencia',
  zoneId: 'data-centre',
  domain: 'cyber',
  type: 'ids.alert',
  title: 'ET SCADA Modbus write',
  severity: 4,
  confidence: 80,
  location: null,
  source: { feed: 'suricata', format: 'eve', sensorId: 'ids-dc-01' },
  observables: [{ type: 'ip', value: '10.20.5.14' }],
  tags: [],
});

describe('store on PostgreSQL', () => {
  it('migrates once and stores each indicator once under redelivery', async () => {
    expect(await migrate(db)).toBeGreaterThan(0);
    expect(await migrate(db)).toBe(0);
    const store = new Store(db);
    const batch = Array.from({ length: 500 }, (_, i) =>
      ind(`pg-${i}`, new Date(Date.UTC(2026, 0, 15, 9, 0, i % 60)).toISOString()),
    );
    expect(await store.insertIndicators(batch)).toBe(500);
    expect(await store.insertIndicators(batch.slice(0, 250))).toBe(0);
    expect(await store.countIndicators()).toBe(500);
    const rate = await store.indicatorRate(2, 'live', new Date('2026-01-15T09:01:30Z'));
    expect(rate[0]).toEqual({ minute: '2026-01-15T09:00:00.000Z', physical: 0, cyber: 500 });
    // A type list travels as a text[] parameter: the map asks for positions this way.
    expect(await store.listIndicators({ types: ['ais.position', 'drone.detected'] })).toEqual([]);
    expect(await store.listIndicators({ types: ['ids.alert'], limit: 3 })).toHaveLength(3);
  });
});
