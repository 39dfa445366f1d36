// One query interface over embedded PGlite (PostgreSQL compiled to WASM) and a real
// PostgreSQL server (`pg`): the same SQL and migrations run on both.
import { mkdirSync } from 'node:fs';

export interface Db {
  readonly kind: 'pglite' | 'postgres';
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  /**
   * Runs `fn` on one connection of its own, closed afterwards — what a session-level lock needs
   * (the pool may send each query to another connection). Absent where there is only one
   * connection anyway (PGlite).
   */
  onOneConnection?<T>(fn: (conn: Db) => Promise<T>): Promise<T>;
  /**
   * PGlite: the bytes of its WebAssembly memory (PostgreSQL's heap, shared buffers and the
   * in-memory files). It grows when PostgreSQL needs more and never shrinks; the process's RSS
   * includes it, V8's heap figures do not.
   */
  wasmMemoryBytes?(): number;
}

export async function openPglite(dataDir: string | null): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg = dataDir ? new PGlite(dataDir) : new PGlite();
  await pg.waitReady;
  return {
    kind: 'pglite',
    query: async <T>(sql: string, params?: unknown[]) => (await pg.query<T>(sql, params)).rows,
    exec: async (sql) => {
      await pg.exec(sql);
    },
    close: () => pg.close(),
    wasmMemoryBytes: () => pg.Module.HEAPU8.byteLength,
  };
}

export async function openPostgres(url: string): Promise<Db> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // An idle connection closed by the server (restart, failover, admin) must not crash the
  // process: the pool drops it and the next query opens a new one.
  pool.on('error', (err) =>
    console.error(
      JSON.stringify({
        time: new Date().toISOString(),
        level: 'warn',
        component: 'storage',
        msg: 'idle PostgreSQL connection lost',
        error: err.message,
      }),
    ),
  );
  // Fail at start with a clear message rather than at the first request.
  const c = await pool.connect().catch((err: Error) => {
    throw new Error(`cannot connect to PostgreSQL at ${redact(url)}: ${err.message}`);
  });
  c.release();
  return {
    kind: 'postgres',
    query: async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T[],
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: () => pool.end(),
    async onOneConnection(fn) {
      const client = await pool.connect();
      try {
        return await fn({
          kind: 'postgres',
          query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
          exec: async (sql) => {
            await client.query(sql);
          },
          close: async () => {},
        });
      } finally {
        // Closed, not handed back to the pool: whatever the session still holds ends with it.
        client.release(true);
      }
    },
  };
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

export async function openDb(databaseUrl: string | undefined, dataDir: string | null): Promise<Db> {
  return databaseUrl ? openPostgres(databaseUrl) : openPglite(dataDir);
}
