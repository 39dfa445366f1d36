// Storage for the roles that serve the API: PostgreSQL when DATABASE_URL is set, else embedded
// PGlite in the data directory; migrated, with retention made to run every hour.
import { join } from 'node:path';
import type { Logger } from '@portwatch/ingest';
import {
  openDb,
  redact,
  migrate,
  Store,
  Retention,
  storedIndicatorsSince,
  storedResolvesSince,
  storedIncidentsSince,
  type Db,
} from '@portwatch/api';
import type { SystemConfig } from './config.ts';
import type { Progress } from './progress.ts';
import type { startWorker } from './roles/worker-role.ts';

export interface OpenStorage {
  store: Store;
  kind: Db['kind'];
  /** PGlite's WebAssembly memory (embedded storage only). */
  pgliteBytes?: () => number;
  /** What rebuilds a worker's correlation windows after a restart (the in-process bus only). */
  restore?: Parameters<typeof startWorker>[6];
}

export async function openStorage(
  cfg: SystemConfig,
  progress: Progress,
  log: Logger,
  stops: (() => Promise<void>)[],
  /** The rebuild window and the rules' longest suppression (rebuild-window.ts), when this process correlates. */
  rebuild: { windowMs: number; suppressMs: number } | null,
): Promise<OpenStorage> {
  progress(
    cfg.databaseUrl
      ? `connecting to PostgreSQL at ${redact(cfg.databaseUrl)}`
      : `opening embedded PostgreSQL (PGlite) in ${join(cfg.dataDir, 'pglite')}`,
  );
  const db = await openDb(cfg.databaseUrl, join(cfg.dataDir, 'pglite'));
  stops.push(() => db.close());
  const applied = await migrate(db);
  if (applied) progress(`storage: ${applied} migration(s) applied`);
  let restore: OpenStorage['restore'];
  // On Kafka a worker rebuilds from the indicators topic; the in-process bus starts empty.
  if (!cfg.kafkaBrokers && rebuild) {
    const since = Date.now() - rebuild.windowMs;
    // An incident last seen up to its suppression before the window may still go on in it.
    const incidentsSince = since - rebuild.suppressMs;
    restore = async () => ({
      indicators: storedIndicatorsSince(db, since),
      resolves: await storedResolvesSince(db, incidentsSince),
      incidents: await storedIncidentsSince(db, incidentsSince),
    });
  }
  // Before the writer starts: today's and the next days' partitions exist when rows come.
  const retention = new Retention(db, {
    days: cfg.retentionDays ?? 30,
    incidentDays: cfg.incidentRetentionDays ?? 365,
    auditDays: cfg.auditRetentionDays ?? 365,
  });
  const report = (r: Awaited<ReturnType<Retention['run']>>) => {
    if (r.dropped.length || r.moved || r.deleted) log.info('retention', { ...r });
    // Several API instances race to make the same day on one PostgreSQL: the loser says so and retries next hour.
    if (r.errors.length) log.warn('retention: some steps failed; they are tried again next run', { errors: r.errors });
  };
  report(await retention.run());
  retention.start(3_600_000, report);
  stops.push(() => retention.stop());
  progress(`retention: indicators and dead letters ${cfg.retentionDays ?? 30} days (daily partitions)`);
  return { store: new Store(db), kind: db.kind, pgliteBytes: db.wasmMemoryBytes, restore };
}
