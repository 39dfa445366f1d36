// Exercises and review lessons in storage (migration 7), and the incidents of an exercise
// with the time each reached the queue (incidents.queued_at).
import type { Exercise, Incident } from '@portwatch/schema';
import type { Db } from '../storage/db.ts';

export interface QueuedIncident {
  incident: Incident;
  /** When the store first wrote it: when operators could first see it. */
  queuedAt: string | null;
}

export interface Lessons {
  lessons: string;
  by: string;
  at: string;
}

const iso = (v: unknown): string | null => (v == null ? null : new Date(v as string).toISOString());

export class ExerciseStore {
  constructor(private readonly db: Db) {}

  async save(ex: Exercise): Promise<void> {
    await this.db.query(
      `INSERT INTO exercises (id, site_id, status, started_at, doc) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, doc = EXCLUDED.doc`,
      [ex.id, ex.siteId, ex.status, ex.startedAt, JSON.stringify(ex)],
    );
  }

  async get(id: string): Promise<Exercise | null> {
    const [row] = await this.db.query<{ doc: Exercise }>('SELECT doc FROM exercises WHERE id = $1', [id]);
    return row?.doc ?? null;
  }

  async list(limit = 100): Promise<Exercise[]> {
    const rows = await this.db.query<{ doc: Exercise }>('SELECT doc FROM exercises ORDER BY started_at DESC LIMIT $1', [
      Math.min(limit, 500),
    ]);
    return rows.map((r) => r.doc);
  }

  async running(): Promise<Exercise[]> {
    const rows = await this.db.query<{ doc: Exercise }>(`SELECT doc FROM exercises WHERE status = 'running'`);
    return rows.map((r) => r.doc);
  }

  async incidents(exerciseId: string): Promise<QueuedIncident[]> {
    const rows = await this.db.query<{ doc: Incident; queued_at: unknown }>(
      `SELECT doc, queued_at FROM incidents WHERE mode = 'exercise' AND doc->>'exerciseId' = $1 ORDER BY first_seen`,
      [exerciseId],
    );
    return rows.map((r) => ({ incident: r.doc, queuedAt: iso(r.queued_at) }));
  }

  async incident(id: string): Promise<QueuedIncident | null> {
    const [row] = await this.db.query<{ doc: Incident; queued_at: unknown }>(
      'SELECT doc, queued_at FROM incidents WHERE id = $1',
      [id],
    );
    return row ? { incident: row.doc, queuedAt: iso(row.queued_at) } : null;
  }

  async lessons(target: string): Promise<Lessons | null> {
    const [row] = await this.db.query<{ lessons: string; updated_by: string; updated_at: unknown }>(
      'SELECT lessons, updated_by, updated_at FROM review_lessons WHERE target = $1',
      [target],
    );
    return row ? { lessons: row.lessons, by: row.updated_by, at: iso(row.updated_at)! } : null;
  }

  async setLessons(target: string, lessons: string, by: string): Promise<void> {
    await this.db.query(
      `INSERT INTO review_lessons (target, lessons, updated_by, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (target) DO UPDATE SET lessons = EXCLUDED.lessons, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [target, lessons, by],
    );
  }
}
