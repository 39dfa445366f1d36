// Schema migrations, applied in order, each once, recorded in schema_migrations.
import type { Db } from './db.ts';

export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'indicators, incidents, zone state, dead letters, audit',
    sql: `
      CREATE TABLE indicators (
        id text PRIMARY KEY,
        time timestamptz NOT NULL,
        ingest_time timestamptz NOT NULL,
        mode text NOT NULL,
        site_id text NOT NULL,
        zone_id text,
        domain text NOT NULL,
        type text NOT NULL,
        severity smallint NOT NULL,
        doc jsonb NOT NULL
      );
      CREATE INDEX indicators_time ON indicators (mode, time DESC);
      CREATE INDEX indicators_zone_time ON indicators (zone_id, time DESC);
      CREATE TABLE incidents (
        id text PRIMARY KEY,
        site_id text NOT NULL,
        zone_id text NOT NULL,
        rule_id text NOT NULL,
        status text NOT NULL,
        severity smallint NOT NULL,
        mode text NOT NULL,
        first_seen timestamptz NOT NULL,
        last_seen timestamptz NOT NULL,
        doc jsonb NOT NULL
      );
      CREATE INDEX incidents_open ON incidents (status, last_seen DESC);
      CREATE TABLE zone_state (
        site_id text NOT NULL,
        zone_id text NOT NULL,
        mode text NOT NULL,
        updated_at timestamptz NOT NULL,
        doc jsonb NOT NULL,
        PRIMARY KEY (site_id, zone_id, mode)
      );
      CREATE TABLE dead_letters (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        feed_id text,
        via text NOT NULL,
        topic text NOT NULL,
        stage text NOT NULL,
        reason text NOT NULL,
        size integer NOT NULL,
        truncated boolean NOT NULL,
        payload text NOT NULL
      );
      CREATE INDEX dead_letters_feed ON dead_letters (feed_id, at DESC);
      CREATE TABLE audit (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        action text NOT NULL,
        target text NOT NULL,
        detail jsonb
      );
    `,
  },
  {
    version: 2,
    name: 'dead letters: re-run marks',
    sql: `
      ALTER TABLE dead_letters ADD COLUMN replayed_at timestamptz;
      ALTER TABLE dead_letters ADD COLUMN replay_indicator_ids jsonb;
      CREATE INDEX dead_letters_pending ON dead_letters (feed_id, id) WHERE replayed_at IS NULL;
    `,
  },
  {
    version: 3,
    name: 'audit: who, with which role, what request, what answer, from where',
    sql: `
      ALTER TABLE audit ADD COLUMN role text;
      ALTER TABLE audit ADD COLUMN method text;
      ALTER TABLE audit ADD COLUMN path text;
      ALTER TABLE audit ADD COLUMN status smallint;
      ALTER TABLE audit ADD COLUMN client text;
    `,
  },
  {
    version: 4,
    name: 'indicators by type: the map asks for the last half hour of positions',
    sql: `CREATE INDEX indicators_type_time ON indicators (type, time DESC)`,
  },
  {
    version: 5,
    name: 'the situation over time: zone state history and track fixes',
    // A row per zone-state change and per position or anomaly, so the picture at any moment
    // is a few index range scans, not a replay of the indicators.
    sql: `
      CREATE TABLE zone_state_history (
        site_id text NOT NULL,
        mode text NOT NULL,
        zone_id text NOT NULL,
        at timestamptz NOT NULL,
        risk real NOT NULL,
        physical real NOT NULL,
        cyber real NOT NULL,
        level text NOT NULL,
        PRIMARY KEY (mode, site_id, zone_id, at)
      );
      CREATE INDEX zone_state_history_time ON zone_state_history (mode, site_id, at);
      CREATE TABLE track_fixes (
        indicator_id text PRIMARY KEY,
        site_id text NOT NULL,
        mode text NOT NULL,
        track_id text NOT NULL,
        kind text NOT NULL,
        time timestamptz NOT NULL,
        lat double precision,
        lon double precision,
        course double precision,
        speed double precision,
        label text NOT NULL,
        alert text
      );
      CREATE INDEX track_fixes_time ON track_fixes (mode, site_id, time);
      CREATE INDEX track_fixes_track ON track_fixes (mode, site_id, track_id, time) WHERE alert IS NULL;
      CREATE INDEX track_alerts_time ON track_fixes (mode, site_id, time) WHERE alert IS NOT NULL;
      CREATE INDEX incidents_first_seen ON incidents (mode, site_id, first_seen);
    `,
  },
  {
    version: 6,
    name: 'indicators and dead letters in daily partitions, so retention drops a day at a time',
    // A partitioned table's unique keys must hold the partition column: indicators are unique
    // on (id, time). A record's time comes from its payload like its id, so a redelivery has
    // both the same and stays idempotent. Rows land in the DEFAULT partition until the
    // retention job (retention.ts) moves them into their day's partition.
    sql: `
      DROP INDEX indicators_time; DROP INDEX indicators_zone_time; DROP INDEX indicators_type_time;
      ALTER TABLE indicators RENAME TO indicators_v5;
      ALTER TABLE indicators_v5 RENAME CONSTRAINT indicators_pkey TO indicators_v5_pkey;
      CREATE TABLE indicators (
        id text NOT NULL,
        time timestamptz NOT NULL,
        ingest_time timestamptz NOT NULL,
        mode text NOT NULL,
        site_id text NOT NULL,
        zone_id text,
        domain text NOT NULL,
        type text NOT NULL,
        severity smallint NOT NULL,
        doc jsonb NOT NULL,
        PRIMARY KEY (id, time)
      ) PARTITION BY RANGE (time);
      CREATE TABLE indicators_default PARTITION OF indicators DEFAULT;
      CREATE INDEX indicators_time ON indicators (mode, time DESC);
      CREATE INDEX indicators_zone_time ON indicators (zone_id, time DESC);
      CREATE INDEX indicators_type_time ON indicators (type, time DESC);
      INSERT INTO indicators SELECT id, time, ingest_time, mode, site_id, zone_id, domain, type, severity, doc FROM indicators_v5;
      DROP TABLE indicators_v5;

      DROP INDEX dead_letters_feed; DROP INDEX dead_letters_pending;
      ALTER TABLE dead_letters RENAME TO dead_letters_v5;
      ALTER TABLE dead_letters_v5 RENAME CONSTRAINT dead_letters_pkey TO dead_letters_v5_pkey;
      CREATE TABLE dead_letters (
        id bigint NOT NULL DEFAULT nextval('dead_letters_id_seq'),
        at timestamptz NOT NULL,
        feed_id text,
        via text NOT NULL,
        topic text NOT NULL,
        stage text NOT NULL,
        reason text NOT NULL,
        size integer NOT NULL,
        truncated boolean NOT NULL,
        payload text NOT NULL,
        replayed_at timestamptz,
        replay_indicator_ids jsonb,
        PRIMARY KEY (id, at)
      ) PARTITION BY RANGE (at);
      CREATE TABLE dead_letters_default PARTITION OF dead_letters DEFAULT;
      CREATE INDEX dead_letters_feed ON dead_letters (feed_id, at DESC);
      CREATE INDEX dead_letters_pending ON dead_letters (feed_id, id) WHERE replayed_at IS NULL;
      INSERT INTO dead_letters SELECT id, at, feed_id, via, topic, stage, reason, size, truncated, payload, replayed_at, replay_indicator_ids FROM dead_letters_v5;
      ALTER SEQUENCE dead_letters_id_seq OWNED BY dead_letters.id;
      DROP TABLE dead_letters_v5;
    `,
  },
  {
    version: 7,
    name: 'exercises, after-action review lessons, when each incident reached the queue',
    sql: `
      CREATE TABLE exercises (
        id text PRIMARY KEY,
        site_id text NOT NULL,
        status text NOT NULL,
        started_at timestamptz NOT NULL,
        doc jsonb NOT NULL
      );
      CREATE INDEX exercises_started ON exercises (started_at DESC);
      CREATE TABLE review_lessons (
        target text PRIMARY KEY,
        lessons text NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL
      );
      ALTER TABLE incidents ADD COLUMN queued_at timestamptz;
      ALTER TABLE incidents ALTER COLUMN queued_at SET DEFAULT now();
      CREATE INDEX incidents_exercise ON incidents ((doc->>'exerciseId')) WHERE mode = 'exercise';
    `,
  },
  {
    version: 8,
    name: 'the situation history in daily partitions, so retention drops a day at a time',
    // Like migration 6 for the indicators: a track fix is unique on (indicator_id, time) — its
    // time is its indicator's, so a redelivery has both the same and stays idempotent; a
    // zone-state row's key already holds its time. Rows land in the DEFAULT partition until the
    // retention job moves them into their day's partition.
    sql: `
      DROP INDEX zone_state_history_time;
      ALTER TABLE zone_state_history RENAME TO zone_state_history_v7;
      ALTER TABLE zone_state_history_v7 RENAME CONSTRAINT zone_state_history_pkey TO zone_state_history_v7_pkey;
      CREATE TABLE zone_state_history (
        site_id text NOT NULL,
        mode text NOT NULL,
        zone_id text NOT NULL,
        at timestamptz NOT NULL,
        risk real NOT NULL,
        physical real NOT NULL,
        cyber real NOT NULL,
        level text NOT NULL,
        PRIMARY KEY (mode, site_id, zone_id, at)
      ) PARTITION BY RANGE (at);
      CREATE TABLE zone_state_history_default PARTITION OF zone_state_history DEFAULT;
      CREATE INDEX zone_state_history_time ON zone_state_history (mode, site_id, at);
      INSERT INTO zone_state_history SELECT site_id, mode, zone_id, at, risk, physical, cyber, level FROM zone_state_history_v7;
      DROP TABLE zone_state_history_v7;

      DROP INDEX track_fixes_time; DROP INDEX track_fixes_track; DROP INDEX track_alerts_time;
      ALTER TABLE track_fixes RENAME TO track_fixes_v7;
      ALTER TABLE track_fixes_v7 RENAME CONSTRAINT track_fixes_pkey TO track_fixes_v7_pkey;
      CREATE TABLE track_fixes (
        indicator_id text NOT NULL,
        site_id text NOT NULL,
        mode text NOT NULL,
        track_id text NOT NULL,
        kind text NOT NULL,
        time timestamptz NOT NULL,
        lat double precision,
        lon double precision,
        course double precision,
        speed double precision,
        label text NOT NULL,
        alert text,
        PRIMARY KEY (indicator_id, time)
      ) PARTITION BY RANGE (time);
      CREATE TABLE track_fixes_default PARTITION OF track_fixes DEFAULT;
      CREATE INDEX track_fixes_time ON track_fixes (mode, site_id, time);
      CREATE INDEX track_fixes_track ON track_fixes (mode, site_id, track_id, time) WHERE alert IS NULL;
      CREATE INDEX track_alerts_time ON track_fixes (mode, site_id, time) WHERE alert IS NOT NULL;
      INSERT INTO track_fixes SELECT indicator_id, site_id, mode, track_id, kind, time, lat, lon, course, speed, label, alert FROM track_fixes_v7;
      DROP TABLE track_fixes_v7;
    `,
  },
  {
    version: 9,
    name: 'dead letters stored once when the bus delivers them again',
    // The key is made when a dead letter is put on the bus; unique with the partition key (a
    // partitioned table's unique index must hold it), and a redelivered message has both the
    // same. Rows from before (no key) are never equal to anything.
    sql: `
      ALTER TABLE dead_letters ADD COLUMN key text;
      CREATE UNIQUE INDEX dead_letters_key ON dead_letters (key, at);
    `,
  },
  {
    version: 10,
    name: 'dead letters of a Kafka record stored once when ingest reads the record again',
    // A Kafka record's dead letter has a key from its place on Kafka, the same when ingest
    // reads it again after a crash or a rebalance, but a new arrival time: the insert looks
    // the key up by itself (dead-letter-table.ts). Only keys that start with "kafka:".
    sql: `
      CREATE INDEX dead_letters_source_key ON dead_letters (key) WHERE key LIKE 'kafka:%';
    `,
  },
];

/** The advisory lock a migration run holds on PostgreSQL (any fixed number; "pwmg"). */
export const MIGRATION_LOCK = 0x70776d67;

/**
 * Applies the migrations not applied yet; returns how many. API replicas starting together on
 * one PostgreSQL take turns: each run holds an advisory lock for the whole of it (a session
 * lock, since a run is several transactions and what is applied must be read under it too), so
 * the second waits for the first and then finds nothing to apply. PGlite is one connection in
 * one process: nobody to wait for.
 * `upTo` stops after that version (a test of a migration over data written before it).
 */
export async function migrate(db: Db, upTo = Infinity): Promise<number> {
  if (!db.onOneConnection) return applyMissing(db, upTo);
  return db.onOneConnection(async (conn) => {
    await conn.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    // Unlocked by closing the connection, also when a migration fails.
    return applyMissing(conn, upTo);
  });
}

async function applyMissing(db: Db, upTo: number): Promise<number> {
  await db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const done = new Set(
    (await db.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)),
  );
  let applied = 0;
  for (const m of MIGRATIONS) {
    if (done.has(m.version) || m.version > upTo) continue;
    await db.exec(
      `BEGIN; ${m.sql}; INSERT INTO schema_migrations (version, name) VALUES (${m.version}, '${m.name.replace(/'/g, "''")}'); COMMIT;`,
    );
    applied++;
  }
  return applied;
}
