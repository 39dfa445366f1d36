// Retention: indicators and dead letters (migration 6) and the situation's history — track fixes
// and zone-state changes (migration 8) — live in daily partitions, so old days go
// with a DROP of one table, not a DELETE over millions of rows, and ingest keeps inserting
// meanwhile. Days ahead are made in advance; rows that landed in the DEFAULT partition (a clock
// skewed sensor, migrated data, a day not made yet) are moved into their day's partition.
// Incidents and the audit trail are kept longer and deleted row by row (low volume).
import type { Db } from '../db.ts';

const DAY_MS = 86_400_000;

export interface PartitionedTable {
  table: string;
  /** The timestamptz partition column. */
  column: string;
}

/** Tables partitioned by day; the situation's history is kept as long as the indicators it is drawn from. */
export const PARTITIONED: PartitionedTable[] = [
  { table: 'indicators', column: 'time' },
  { table: 'dead_letters', column: 'at' },
  { table: 'track_fixes', column: 'time' },
  { table: 'zone_state_history', column: 'at' },
];

export interface RetentionOptions {
  /** Days of indicators, dead letters and situation history kept (today included). */
  days: number;
  /** Days a resolved incident is kept after it was last seen; 0 keeps them. */
  incidentDays: number;
  /** Days of audit trail kept; 0 keeps it. */
  auditDays: number;
  /** Days made ahead of today. */
  aheadDays?: number;
  tables?: PartitionedTable[];
  /**
   * A DROP waits at most this long for its lock — the longest inserts may queue behind it —
   * then is tried again (`dropTries` times in a run, `dropRetryMs` apart), then next run.
   */
  lockTimeoutMs?: number;
  dropTries?: number;
  dropRetryMs?: number;
}

export interface RetentionRun {
  created: string[];
  dropped: string[];
  /** Rows moved from the DEFAULT partition into their day's partition. */
  moved: number;
  /** Rows deleted: old rows in DEFAULT partitions, old incidents, old audit rows. */
  deleted: number;
  errors: string[];
}

const dayName = (table: string, dayMs: number) =>
  `${table}_p${new Date(dayMs).toISOString().slice(0, 10).replace(/-/g, '')}`;
const iso = (ms: number) => new Date(ms).toISOString();
const startOfDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

class LongUserError extends Error {}

export class Retention {
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;
  private running: Promise<RetentionRun> | null = null;
  readonly tables: PartitionedTable[];

  constructor(
    private readonly db: Db,
    private readonly options: RetentionOptions,
  ) {
    if (!Number.isInteger(options.days) || options.days < 1) throw new Error('retention: days must be ≥ 1');
    this.tables = options.tables ?? PARTITIONED;
  }

  /** Day partitions of a table, oldest first: name and the day's start (UTC). */
  async partitions(table: string): Promise<{ name: string; dayMs: number }[]> {
    const rows = await this.db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = $1::regclass`,
      [table],
    );
    const re = new RegExp(`^${table}_p(\\d{4})(\\d{2})(\\d{2})$`);
    return rows
      .map((r) => ({ name: r.name, m: re.exec(r.name) }))
      .filter((r) => r.m)
      .map((r) => ({ name: r.name, dayMs: Date.UTC(+r.m![1], +r.m![2] - 1, +r.m![3]) }))
      .sort((a, b) => a.dayMs - b.dayMs);
  }

  /** Bytes on disk of a table over all its partitions, indexes included. */
  async bytes(table: string): Promise<number> {
    const [row] = await this.db.query<{ n: string | null }>(
      `SELECT sum(pg_total_relation_size(inhrelid))::text AS n FROM pg_inherits WHERE inhparent = $1::regclass`,
      [table],
    );
    return Number(row?.n ?? 0);
  }

  /** One pass; runs never overlap. */
  run(nowMs = Date.now()): Promise<RetentionRun> {
    this.running ??= this.pass(nowMs).finally(() => (this.running = null));
    return this.running;
  }

  private async pass(nowMs: number): Promise<RetentionRun> {
    const out: RetentionRun = { created: [], dropped: [], moved: 0, deleted: 0, errors: [] };
    const today = startOfDay(nowMs);
    const cutoff = today - (this.options.days - 1) * DAY_MS;
    for (const t of this.tables) {
      const step = async (what: string, fn: () => Promise<void>) =>
        fn().catch((err: Error) => out.errors.push(`${t.table}: ${what}: ${err.message}`));
      const have = new Set((await this.partitions(t.table)).map((p) => p.dayMs));
      // Days that have rows waiting in DEFAULT, within what is kept.
      const waiting = await this.db.query<{ day: string }>(
        `SELECT DISTINCT (extract(epoch FROM date_trunc('day', ${t.column} AT TIME ZONE 'UTC')) * 1000)::bigint::text AS day
         FROM ${t.table}_default WHERE ${t.column} >= $1::timestamptz`,
        [iso(cutoff)],
      );
      const days = new Set(waiting.map((r) => Number(r.day)));
      for (let d = today; d <= today + (this.options.aheadDays ?? 2) * DAY_MS; d += DAY_MS) days.add(d);
      for (const d of [...days].sort((a, b) => a - b)) {
        // A day with a partition has no rows in DEFAULT (PostgreSQL keeps DEFAULT to what no partition takes).
        if (have.has(d)) continue;
        await step(`make ${dayName(t.table, d)}`, async () => {
          out.moved += await this.makeDay(t, d);
          out.created.push(dayName(t.table, d));
        });
      }
      for (const p of await this.partitions(t.table)) {
        if (p.dayMs >= cutoff) continue;
        await step(`drop ${p.name}`, async () => {
          await this.dropDay(t.table, p.name);
          out.dropped.push(p.name);
        });
      }
      await step('delete old rows in the default partition', async () => {
        const rows = await this.db.query(
          `DELETE FROM ${t.table}_default WHERE ${t.column} < $1::timestamptz RETURNING 1`,
          [iso(cutoff)],
        );
        out.deleted += rows.length;
      });
    }
    const keep = async (days: number, sql: string) => {
      if (days <= 0) return;
      const rows = await this.db.query(sql, [iso(today - days * DAY_MS)]);
      out.deleted += rows.length;
    };
    await keep(
      this.options.incidentDays,
      `DELETE FROM incidents WHERE status IN ('resolved', 'closed') AND last_seen < $1::timestamptz RETURNING 1`,
    ).catch((err: Error) => out.errors.push(`incidents: ${err.message}`));
    await keep(this.options.auditDays, `DELETE FROM audit WHERE at < $1::timestamptz RETURNING 1`).catch((err: Error) =>
      out.errors.push(`audit: ${err.message}`),
    );
    return out;
  }

  /**
   * Dropping a partition locks its parent exclusively, and while the DROP waits for that lock
   * (a long reader holds it shared) every insert queues behind the DROP. So the DROP waits only
   * briefly, is not tried while a transaction has been using the parent for longer than that
   * (PostgreSQL: a long reader would make it time out anyway), and is tried again a few times.
   * DETACH PARTITION CONCURRENTLY, which would leave inserts alone, is refused on a table with
   * a DEFAULT partition, and these have one.
   */
  private async dropDay(parent: string, name: string): Promise<void> {
    const timeoutMs = this.options.lockTimeoutMs ?? 250;
    for (let attempt = 1; ; attempt++) {
      try {
        if (this.db.kind === 'postgres') await this.assertNoLongUser(parent, timeoutMs);
        await this.db.exec(`SELECT set_config('lock_timeout', '${timeoutMs}ms', true); DROP TABLE ${name}`);
        return;
      } catch (err) {
        // 55P03: lock_timeout.
        const busy = err instanceof LongUserError || (err as { code?: string }).code === '55P03';
        if (!busy || attempt >= (this.options.dropTries ?? 5) || this.stopping) throw err;
        await new Promise((r) => setTimeout(r, this.options.dropRetryMs ?? 2_000));
      }
    }
  }

  private async assertNoLongUser(table: string, ms: number): Promise<void> {
    const [row] = await this.db.query<{ pid: number }>(
      `SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'relation' AND l.relation = $1::regclass AND l.granted AND l.pid <> pg_backend_pid()
         AND a.xact_start < clock_timestamp() - make_interval(secs => $2) LIMIT 1`,
      [table, ms / 1000],
    );
    if (row) throw new LongUserError(`a transaction (pid ${row.pid}) has been using ${table} for over ${ms} ms`);
  }

  /**
   * A day's table is made beside the parent, filled from DEFAULT, then attached: attaching
   * needs only a light lock on the parent, so inserts go on. One statement batch, so it is
   * all or nothing (a row arriving in DEFAULT meanwhile fails the attach; the next run retries).
   */
  private async makeDay(t: PartitionedTable, dayMs: number): Promise<number> {
    const name = dayName(t.table, dayMs);
    const range = `${t.column} >= '${iso(dayMs)}' AND ${t.column} < '${iso(dayMs + DAY_MS)}'`;
    const [{ n }] = await this.db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM ${t.table}_default WHERE ${range}`,
    );
    await this.db.exec(
      `LOCK TABLE ${t.table}_default IN SHARE ROW EXCLUSIVE MODE;
       CREATE TABLE ${name} (LIKE ${t.table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
       INSERT INTO ${name} SELECT * FROM ${t.table}_default WHERE ${range};
       DELETE FROM ${t.table}_default WHERE ${range};
       ALTER TABLE ${t.table} ATTACH PARTITION ${name} FOR VALUES FROM ('${iso(dayMs)}') TO ('${iso(dayMs + DAY_MS)}')`,
    );
    return Number(n);
  }

  start(everyMs: number, onRun: (r: RetentionRun) => void): void {
    const tick = () =>
      void this.run()
        .then(onRun)
        .catch((err: Error) => onRun({ created: [], dropped: [], moved: 0, deleted: 0, errors: [err.message] }));
    this.timer = setInterval(tick, everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => {});
  }
}
