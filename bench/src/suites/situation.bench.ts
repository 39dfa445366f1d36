// The situation at a random moment of a stored day of 1,000,000 indicators (target p95 ≤ 500 ms),
// and replay at max speed through the picture (target ≥ 100,000 indicators/s): the day's changes
// in order through applyChanges, the reducer the browser's replay runs. On PGlite, and on
// PostgreSQL too with --pg or DATABASE_URL. Same-run reference: a bare count(*) of the day.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyChanges, pictureOf, situationOf } from '@portwatch/schema';
import { migrate, openPglite, openPostgres, Store, type Db } from '@portwatch/api';
import type { BenchSuite, Report } from '../bench-suite.ts';
import { rng } from './correlation.bench.ts';
import { DAY_MS, DAY_SITE, DAY_START, DAY_ZONES, storeDay } from './situation-day.ts';

const N = Number(process.env.PORTWATCH_BENCH_SITUATION_N ?? 1_000_000);
const MOMENTS = 200;
const PAGE = 50_000;
const SCOPE = { siteId: DAY_SITE, mode: 'live' as const };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await f();
  return [v, performance.now() - t0];
}

async function measure(db: Db, on: string, report: Report, log: (line: string) => void): Promise<void> {
  await migrate(db);
  const store = new Store(db);
  log(`${on}: storing a day of ${N.toLocaleString('en')} indicators`);
  await storeDay(store, N, (line) => log(`${on}: ${line}`));
  await db.exec('ANALYZE');

  // Same-run reference: the cheapest full look at the day.
  const [, countMs] = await timed(() => db.query(`SELECT count(*) FROM indicators WHERE site_id = '${DAY_SITE}'`));
  report(`${on} reference: count(*) of the day's indicators`, countMs, 'ms');

  const rand = rng(42);
  const times: number[] = [];
  let tracks = 0;
  for (let i = 0; i < MOMENTS; i++) {
    const at = new Date(DAY_START + Math.floor(rand() * DAY_MS));
    const [s, ms] = await timed(() => store.situation.situationAt(SCOPE, at, DAY_ZONES));
    times.push(ms);
    tracks += s.tracks.length;
  }
  times.sort((a, b) => a - b);
  const p95 = percentile(times, 95);
  report(`${on} situation at a random moment p50`, percentile(times, 50), 'ms');
  report(`${on} situation at a random moment p95`, p95, 'ms');
  report(`${on} tracks in a picture (mean)`, tracks / MOMENTS, 'tracks');
  report(`${on} situation p95 / count(*) reference`, p95 / countMs, 'ratio');

  const [, densityMs] = await timed(() =>
    store.situation.density(SCOPE, new Date(DAY_START), new Date(DAY_START + DAY_MS), 200),
  );
  report(`${on} density of the whole day, 200 buckets`, densityMs, 'ms');

  // Replay at max speed: the day's changes page by page, each page through the reducer.
  let picture = pictureOf(await store.situation.situationAt(SCOPE, new Date(DAY_START), DAY_ZONES));
  let from = new Date(DAY_START);
  const to = new Date(DAY_START + DAY_MS);
  let changes = 0;
  let reduceMs = 0;
  const started = performance.now();
  for (;;) {
    const page = await store.situation.changes(SCOPE, from, to, PAGE);
    const t0 = performance.now();
    picture = applyChanges(picture, page.changes);
    reduceMs += performance.now() - t0;
    changes += page.changes.length;
    if (!page.next) break;
    from = new Date(page.next);
  }
  const totalMs = performance.now() - started;
  const shown = situationOf(picture, to.getTime());
  log(`${on}: replayed ${changes.toLocaleString('en')} changes; ${shown.tracks.length} tracks at the end of the day`);
  report(`${on} replay through the picture reducer`, (N / reduceMs) * 1000, 'indicators/s');
  report(`${on} replay through the picture reducer, changes`, (changes / reduceMs) * 1000, 'changes/s');
  report(`${on} replay from the store (changes pages + reducer)`, (N / totalMs) * 1000, 'indicators/s');
}

export const suite: BenchSuite = {
  name: 'situation',
  description: `situation at a random moment of a stored day of ${N.toLocaleString('en')} indicators, and replay through the picture`,
  async run(report, log) {
    const dir = mkdtempSync(join(tmpdir(), 'portwatch-bench-situation-'));
    const lite = await openPglite(dir);
    try {
      await measure(lite, 'PGlite', report, log);
    } finally {
      await lite.close();
      rmSync(dir, { recursive: true, force: true });
    }
    const url =
      process.env.DATABASE_URL ?? (process.argv.includes('--pg') ? 'postgres://postgres@127.0.0.1:5432/test' : null);
    if (!url) {
      log('PostgreSQL: skipped (pass --pg or set DATABASE_URL)');
      return;
    }
    // A database of its own on that server, dropped afterwards.
    const name = `portwatch_bench_situation_${process.pid}`;
    const admin = await openPostgres(url);
    await admin.exec(`CREATE DATABASE ${name}`);
    const db = await openPostgres(url.replace(/\/[^/]*$/, `/${name}`));
    try {
      await measure(db, 'PostgreSQL', report, log);
    } finally {
      await db.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    }
  },
};
