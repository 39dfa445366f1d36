// Disk per million indicators, in the daily partitions retention drops: real EVE and ONVIF
// records through the ingest pipeline, stored in PostgreSQL (and PGlite), summed with
// pg_total_relation_size over the partitions (table, TOAST and indexes).
import pg from 'pg';
import { Pipeline, DEFAULT_ENRICHERS, siteLocator } from '@portwatch/ingest';
import { decoderFactories } from '@portwatch/ingest/decoders';
import type { FeedConfig, Indicator } from '@portwatch/schema';
import { migrate, openPglite, openPostgres, Retention, Store, type Db } from '@portwatch/api';
import { loadSiteBundle } from '@portwatch/system';
import { badgeRecord, eveRecord } from '../../../test/support/records.ts';
import type { BenchSuite } from '../bench-suite.ts';

const N = Number(process.env.BENCH_STORAGE_N ?? 200_000);

async function fill(db: Db, indicators: Indicator[]): Promise<{ bytes: number; rate: number }> {
  await migrate(db);
  const retention = new Retention(db, { days: 30, incidentDays: 0, auditDays: 0 });
  await retention.run();
  const store = new Store(db);
  const t0 = performance.now();
  for (let i = 0; i < indicators.length; i += 1000) await store.insertIndicators(indicators.slice(i, i + 1000));
  const rate = indicators.length / ((performance.now() - t0) / 1000);
  await db.exec('VACUUM ANALYZE indicators');
  return { bytes: await retention.bytes('indicators'), rate };
}

export const suite: BenchSuite = {
  name: 'storage',
  description: `disk per million indicators in the daily partitions: ${N} indicators (half Suricata EVE alerts, half ONVIF badge reads) into PostgreSQL (TEST_DATABASE_URL or 127.0.0.1:5432/test) and PGlite`,
  needs: ['PostgreSQL'],
  async run(report, log) {
    const { site, feeds } = await loadSiteBundle('valencia');
    const unlimited: FeedConfig[] = feeds.map((f) => ({ ...f, maxRatePerSec: Number.MAX_SAFE_INTEGER }));
    const pipeline = new Pipeline({
      siteId: site.id,
      feeds: unlimited,
      locator: siteLocator(site),
      decoders: decoderFactories,
      enrichers: DEFAULT_ENRICHERS,
    });
    const base = Date.now() - 3_600_000;
    const indicators: Indicator[] = [];
    for (let n = 0; indicators.length < N; n++) {
      const b = badgeRecord(n, base);
      const raw =
        n % 2
          ? { via: 'mqtt' as const, topic: b.topic, payload: b.payload, receivedAt: Date.now() }
          : {
              via: 'kafka' as const,
              topic: 'valencia.suricata.eve',
              payload: eveRecord(n, base),
              receivedAt: Date.now(),
            };
      for (const ind of pipeline.process(raw).indicators) indicators.push({ ...ind });
    }
    log(`${indicators.length} indicators made`);
    const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const name = `portwatch_bench_storage_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const db = await openPostgres(url.replace(/\/[^/]*$/, `/${name}`));
      const r = await fill(db, indicators);
      await db.close();
      report('PostgreSQL disk per million indicators', ((r.bytes / indicators.length) * 1e6) / 2 ** 30, 'GiB');
      report('PostgreSQL store insert rate (batches of 1000)', r.rate, 'indicators/s');
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
    const lite = await openPglite(null);
    const l = await fill(lite, indicators.slice(0, Math.min(indicators.length, 50_000)));
    await lite.close();
    report(
      'PGlite disk per million indicators',
      ((l.bytes / Math.min(indicators.length, 50_000)) * 1e6) / 2 ** 30,
      'GiB',
    );
    report('PGlite store insert rate (batches of 1000)', l.rate, 'indicators/s');
  },
};
