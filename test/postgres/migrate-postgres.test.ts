// Two API replicas starting together on one fresh PostgreSQL: both migrate, neither fails, and
// each migration is applied once (the advisory lock makes the second wait for the first).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { MIGRATIONS, migrate, openPostgres, type Db } from '@portwatch/api';
import { scratchDatabase, type ScratchDatabase } from '../support/postgres.ts';

let scratch: ScratchDatabase;
const replicas: Db[] = [];

beforeAll(async () => {
  scratch = await scratchDatabase('portwatch_migrate');
});

afterAll(async () => {
  for (const db of replicas) await db.close();
  await scratch?.drop();
});

describe('migrations on PostgreSQL', () => {
  it('two replicas migrating a fresh database at once both start, and the schema is made once', async () => {
    for (let i = 0; i < 3; i++) replicas.push(await openPostgres(scratch.url));
    const applied = await Promise.all([scratch.db, ...replicas].map((db) => migrate(db)));
    expect(applied.sort((a, b) => b - a)).toEqual([MIGRATIONS.length, 0, 0, 0]);
    const rows = await scratch.db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    // The lock is not left held: a later start migrates (nothing) at once.
    expect(await migrate(replicas[0])).toBe(0);
  });
});
