// One retention suite for both databases: PGlite beside this file, PostgreSQL in test/postgres.
import { describe, it, expect, beforeAll } from 'vitest';
import type { DeadLetter, Indicator, ZoneState } from '@portwatch/schema';
import type { TrackFix } from '../../situation/track-fix.ts';
import type { Db } from '../db.ts';
import { migrate } from '../migrations.ts';
import { Store } from '../store.ts';
import { Retention } from './retention.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-10T12:00:00.000Z');
const at = (daysAgo: number, h = 9) => new Date(NOW - daysAgo * DAY - (12 - h) * 3_600_000).toISOString();

/** A door forced at the gate: the indicator the retention tests store, per day. */
export const indicator = (id: string, time: string): Indicator => ({
  id,
  time,
  ingestTime: time,
  mode: 'live',
  siteId: 'valencia',
  zoneId: 'gate-north',
  domain: 'physical',
  type: 'access.door_forced',
  title: 'Door DOOR-GN-01 forced open',
  severity: 4,
  confidence: 100,
  location: null,
  source: { feed: 'access-control', format: 'onvif', sensorId: 'DOOR-GN-01' },
  observables: [],
  tags: [],
});

const letter = (time: string): DeadLetter => ({
  at: time,
  feedId: 'suricata',
  via: 'kafka',
  topic: 'portwatch.feed.suricata',
  stage: 'decoding',
  reason: 'not JSON',
  size: 3,
  truncated: false,
  payload: '{{{',
});

/** A vessel's position, as the situation keeps it. */
const fix = (id: string, time: string): TrackFix => ({
  indicatorId: id,
  siteId: 'valencia',
  mode: 'live',
  trackId: '224123450',
  kind: 'vessel',
  time,
  lat: 39.44,
  lon: -0.31,
  course: 90,
  speed: 12.4,
  label: 'SOROLLA',
  alert: null,
});

const zoneState = (time: string, risk: number): ZoneState => ({
  siteId: 'valencia',
  zoneId: 'gate-north',
  mode: 'live',
  risk,
  physical: risk,
  cyber: 0,
  level: 'elevated',
  openIncidents: 1,
  updatedAt: time,
});

export function retentionSuite(open: () => Promise<Db>): void {
  let db: Db;
  let store: Store;

  beforeAll(async () => {
    db = await open();
    // Rows written before migration 6 (unpartitioned tables) are carried through it.
    await migrate(db, 5);
    store = new Store(db);
    for (const ind of [indicator('old-1', at(40)), indicator('kept-1', at(29))])
      await db.query(
        `INSERT INTO indicators (id, time, ingest_time, mode, site_id, zone_id, domain, type, severity, doc)
         VALUES ($1, $2, $2, 'live', 'valencia', 'gate-north', 'physical', $3, 4, $4::jsonb)`,
        [ind.id, ind.time, ind.type, JSON.stringify(ind)],
      );
    // As the table was then (no key column: migration 9).
    const old = letter(at(45));
    await db.query(
      `INSERT INTO dead_letters (at, feed_id, via, topic, stage, reason, size, truncated, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [old.at, old.feedId, old.via, old.topic, old.stage, old.reason, old.size, old.truncated, old.payload],
    );
    // The situation's history written before migration 8 (unpartitioned) is carried too.
    for (const [id, time] of [
      ['fix-old-1', at(40)],
      ['fix-kept-1', at(29)],
    ])
      await db.query(
        `INSERT INTO track_fixes (indicator_id, site_id, mode, track_id, kind, time, lat, lon, label)
         VALUES ($1, 'valencia', 'live', '224123450', 'vessel', $2, 39.44, -0.31, 'SOROLLA')`,
        [id, time],
      );
    await store.situation.recordZoneStates([zoneState(at(40), 41), zoneState(at(29), 42)]);
    await migrate(db);
  });

  describe(`retention (${'daily partitions'})`, () => {
    it('moves rows into their day, drops days past RETENTION_DAYS, keeps the rest', async () => {
      const after = [indicator('old-2', at(31)), indicator('kept-2', at(1)), indicator('today', at(0))];
      expect(await store.insertIndicators(after)).toBe(3);
      expect(await store.countIndicators()).toBe(5);
      await store.insertDeadLetters([letter(at(2))]);
      expect(
        await store.situation.insertTrackFixes([
          fix('fix-old-2', at(31)),
          fix('fix-kept-2', at(1)),
          fix('fix-today', at(0)),
        ]),
      ).toBe(3);
      await store.situation.recordZoneStates([zoneState(at(31), 43), zoneState(at(1), 44), zoneState(at(0), 45)]);
      const retention = new Retention(db, { days: 30, incidentDays: 365, auditDays: 365 });
      const first = await retention.run(NOW - 35 * DAY);
      expect(first.errors).toEqual([]);
      // 35 days ago the 40-day-old record was within 30 days (of that day): it got its partition.
      expect(first.created).toContain('indicators_p20260129');
      const run = await retention.run(NOW);
      expect(run.errors).toEqual([]);
      expect(run.dropped).toContain('indicators_p20260129');
      expect(run.created).toEqual(expect.arrayContaining(['indicators_p20260311', 'indicators_p20260312']));
      expect((await retention.partitions('indicators')).map((p) => p.name)).toEqual([
        'indicators_p20260209',
        'indicators_p20260309',
        'indicators_p20260310',
        'indicators_p20260311',
        'indicators_p20260312',
      ]);
      const ids = (await store.listIndicators({ limit: 100 })).map((i) => i.id).sort();
      expect(ids).toEqual(['kept-1', 'kept-2', 'today']);
      const letters = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM dead_letters');
      expect(letters[0].n).toBe('1');
      // Each kept row sits in its own day's partition, not in DEFAULT.
      const where = await db.query<{ p: string }>(`SELECT tableoid::regclass::text AS p FROM indicators ORDER BY time`);
      expect(where.map((r) => r.p)).toEqual(['indicators_p20260209', 'indicators_p20260309', 'indicators_p20260310']);
      // The situation's history: the same days gone, the same kept, each in its day's partition.
      const fixes = await db.query<{ id: string; p: string }>(
        `SELECT indicator_id AS id, tableoid::regclass::text AS p FROM track_fixes ORDER BY time`,
      );
      expect(fixes).toEqual([
        { id: 'fix-kept-1', p: 'track_fixes_p20260209' },
        { id: 'fix-kept-2', p: 'track_fixes_p20260309' },
        { id: 'fix-today', p: 'track_fixes_p20260310' },
      ]);
      const zones = await db.query<{ risk: number; p: string }>(
        `SELECT risk, tableoid::regclass::text AS p FROM zone_state_history ORDER BY at`,
      );
      expect(zones.map((z) => [Number(z.risk), z.p])).toEqual([
        [42, 'zone_state_history_p20260209'],
        [44, 'zone_state_history_p20260309'],
        [45, 'zone_state_history_p20260310'],
      ]);
      expect(run.dropped).toEqual(expect.arrayContaining(['track_fixes_p20260129', 'zone_state_history_p20260129']));
      // The picture at a kept moment still answers from the partitions.
      const picture = await store.situation.situationAt(
        { siteId: 'valencia', mode: 'live' },
        new Date(Date.parse(at(1)) + 60_000),
        ['gate-north'],
      );
      expect(picture.zones[0].risk).toBe(44);
      expect(picture.tracks.map((t) => t.id)).toEqual(['224123450']);
    });

    it('keeps redelivery idempotent: the same indicator again is not stored twice', async () => {
      expect(await store.insertIndicators([indicator('kept-2', at(1)), indicator('today', at(0))])).toBe(0);
      expect(await store.countIndicators()).toBe(3);
      expect(await store.situation.insertTrackFixes([fix('fix-kept-2', at(1)), fix('fix-today', at(0))])).toBe(0);
      await store.situation.recordZoneStates([zoneState(at(1), 44)]);
      const [{ n }] = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM zone_state_history');
      expect(n).toBe('3');
    });

    it('new records keep flowing while old days are dropped', async () => {
      const retention = new Retention(db, { days: 1, incidentDays: 0, auditDays: 0 });
      const writes: Promise<number>[] = [];
      const fixes: Promise<number>[] = [];
      const zones: Promise<void>[] = [];
      const write = (i: number) => {
        const t = new Date(Date.parse(at(0, 10)) + i * 1000).toISOString();
        writes.push(store.insertIndicators([indicator(`live-${i}`, at(0, 10))]));
        fixes.push(store.situation.insertTrackFixes([fix(`fix-live-${i}`, t)]));
        zones.push(store.situation.recordZoneStates([zoneState(t, 50 + i)]));
      };
      for (let i = 0; i < 20; i++) write(i);
      const run = retention.run(NOW);
      for (let i = 20; i < 40; i++) write(i);
      expect((await run).errors).toEqual([]);
      expect((await Promise.all(writes)).reduce((a, b) => a + b, 0)).toBe(40);
      expect((await Promise.all(fixes)).reduce((a, b) => a + b, 0)).toBe(40);
      await Promise.all(zones);
      const kept = await db.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM track_fixes WHERE indicator_id LIKE 'fix-live-%')::text ||
                '/' || (SELECT count(*) FROM zone_state_history WHERE risk >= 50)::text AS n`,
      );
      expect(kept[0].n).toBe('40/40');
      const old = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM track_fixes WHERE time < $1`, [
        at(0, 0),
      ]);
      expect(old[0].n).toBe('0');
      const ids = (await store.listIndicators({ limit: 100 })).map((i) => i.id);
      expect(ids).toContain('today');
      expect(ids).toContain('live-39');
      expect(ids).not.toContain('kept-2');
      expect(await retention.bytes('indicators')).toBeGreaterThan(0);
    });

    it('keeps resolved incidents and the audit trail for their own, longer periods', async () => {
      await db.query(`INSERT INTO audit (at, actor, action, target) VALUES ($1, 'a', 'x', 'y'), ($2, 'a', 'x', 'z')`, [
        at(400),
        at(10),
      ]);
      const retention = new Retention(db, { days: 30, incidentDays: 365, auditDays: 365 });
      expect((await retention.run(NOW)).errors).toEqual([]);
      const rows = await db.query<{ target: string }>(`SELECT target FROM audit ORDER BY at`);
      expect(rows.map((r) => r.target)).toEqual(['z']);
    });
  });
}
