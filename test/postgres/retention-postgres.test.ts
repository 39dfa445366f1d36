// Retention on the real PostgreSQL server: the same suite as on PGlite (api/src/storage/retention),
// and what only a server with other sessions shows: inserts going on while a day is dropped.
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { migrate, Retention, Store } from '@portwatch/api';
import { scratchDatabase, type ScratchDatabase } from '../support/postgres.ts';
import { indicator, retentionSuite } from '../../api/src/storage/retention/retention.case.ts';

const DAY = 86_400_000;
const scratches: ScratchDatabase[] = [];
afterAll(async () => {
  for (const s of scratches) await s.drop();
});
retentionSuite(async () => {
  const scratch = await scratchDatabase('portwatch_retention');
  scratches.push(scratch);
  return scratch.db;
});

describe('dropping old days on PostgreSQL', () => {
  it('does not hold inserts up behind a long reader, and drops the days once it is done', async () => {
    const scratch = await scratchDatabase('portwatch_retention_locks');
    scratches.push(scratch);
    await migrate(scratch.db);
    const now = Date.now();
    // Days ten days back, and today's and the next ones, exist before the reader starts.
    await new Retention(scratch.db, { days: 30, incidentDays: 0, auditDays: 0 }).run(now - 10 * DAY);
    await new Retention(scratch.db, { days: 30, incidentDays: 0, auditDays: 0 }).run(now);
    const store = new Store(scratch.db);
    expect(await store.insertIndicators([indicator('old', new Date(now - 10 * DAY).toISOString())])).toBe(1);

    // A report reading the indicators in one transaction for a second and a half.
    const reader = new pg.Client({ connectionString: scratch.url });
    await reader.connect();
    await reader.query('BEGIN');
    await reader.query('SELECT count(*) FROM indicators');
    const released = new Promise((r) => setTimeout(r, 1_500)).then(() => reader.query('COMMIT'));

    const retention = new Retention(scratch.db, {
      days: 2,
      incidentDays: 0,
      auditDays: 0,
      dropRetryMs: 200,
      dropTries: 25,
    });
    const run = retention.run(now);
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const t0 = performance.now();
      await store.insertIndicators([indicator(`live-${i}`, new Date().toISOString())]);
      waits.push(performance.now() - t0);
    }
    await released;
    await reader.end();
    const result = await run;
    expect(result.errors).toEqual([]);
    // The lock timeout (250 ms) bounds an insert's wait; a DROP waiting out the reader held them 1.4 s.
    expect(Math.max(...waits), waits.map((w) => w.toFixed(0)).join(' ')).toBeLessThan(600);
    const cutoff = Math.floor(now / DAY) * DAY - DAY;
    expect((await retention.partitions('indicators')).filter((p) => p.dayMs < cutoff)).toEqual([]);
    expect(result.dropped.filter((n) => n.startsWith('indicators_'))).toHaveLength(3);
    expect((await store.listIndicators({ limit: 100 })).map((i) => i.id)).not.toContain('old');
  });
});
