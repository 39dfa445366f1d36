// A database of its own on the shared PostgreSQL server, for one test file: made empty,
// dropped afterwards, so test files never see each other's rows.
import pg from 'pg';
import { openPostgres, type Db } from '@portwatch/api';
import { POSTGRES_URL, HOW_TO_START, runId } from './brokers.ts';

export interface ScratchDatabase {
  db: Db;
  /** Its URL, for a second client (another replica). */
  url: string;
  drop(): Promise<void>;
}

/** `prefix` names the database (`<prefix>_<run id>`); a server that does not answer fails the test with how to start it. */
export async function scratchDatabase(prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${runId().replace(/-/g, '_')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect().catch((err: Error) => {
    throw new Error(`PostgreSQL at ${POSTGRES_URL} is not reachable (${err.message}): ${HOW_TO_START.postgres}`);
  });
  await admin.query(`CREATE DATABASE ${name}`);
  const url = POSTGRES_URL.replace(/\/[^/]*$/, `/${name}`);
  const db = await openPostgres(url);
  return {
    db,
    url,
    async drop() {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
