// Retention on embedded PGlite; test/postgres/retention-postgres.test.ts runs the same suite on PostgreSQL.
import { afterAll } from 'vitest';
import { openPglite, type Db } from '../db.ts';
import { retentionSuite } from './retention.case.ts';

let db: Db | undefined;
afterAll(async () => db?.close());
retentionSuite(async () => (db = await openPglite(null)));
