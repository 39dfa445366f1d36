// The dead_letters table (partitioned by day, see retention/): the records a feed rejected and
// why, to be shown and re-run; a re-run that decodes one marks it with the indicators it made.
import {
  DEAD_LETTER_SHOWN_CHARS,
  type DeadLetter,
  type DeadLetterToReplay,
  type RejectStage,
  type StoredDeadLetter,
  type Transport,
} from '@portwatch/schema';
import type { Db } from './db.ts';

export interface DeadLetterQuery {
  feed?: string;
  /** Only the letters no re-run has decoded yet. */
  pendingOnly?: boolean;
  limit?: number;
}

export class DeadLetterTable {
  constructor(private readonly db: Db) {}

  /**
   * Returns how many were new. One read again from the bus (the same key and time) is stored
   * once; so is one ingest made again from a Kafka record it read again (the same key, a later
   * time: see DeadLetter.key).
   */
  async insert(list: DeadLetter[]): Promise<number> {
    if (!list.length) return 0;
    const rows = await this.db.query(
      `INSERT INTO dead_letters (at, feed_id, via, topic, stage, reason, size, truncated, payload, key)
       SELECT (x->>'at')::timestamptz, x->>'feedId', x->>'via', x->>'topic', x->>'stage', x->>'reason', (x->>'size')::int, (x->>'truncated')::boolean, x->>'payload', x->>'key'
       FROM jsonb_array_elements($1::jsonb) AS x
       WHERE x->>'key' IS NULL OR x->>'key' NOT LIKE 'kafka:%'
          OR NOT EXISTS (SELECT 1 FROM dead_letters d WHERE d.key LIKE 'kafka:%' AND d.key = x->>'key')
       ON CONFLICT (key, at) DO NOTHING RETURNING 1`,
      [JSON.stringify(list)],
    );
    return rows.length;
  }

  async list(q: DeadLetterQuery = {}): Promise<StoredDeadLetter[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.feed) {
      params.push(q.feed);
      where.push(`feed_id = $${params.length}`);
    }
    if (q.pendingOnly) where.push('replayed_at IS NULL');
    params.push(Math.min(q.limit ?? 100, 1000));
    const rows = await this.db.query<DeadLetterRow>(
      `SELECT id, at, feed_id, via, topic, stage, reason, size, truncated, left(payload, ${DEAD_LETTER_SHOWN_CHARS}) AS payload,
              length(payload) AS payload_chars, replayed_at, replay_indicator_ids
       FROM dead_letters ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      at: new Date(r.at).toISOString(),
      feedId: r.feed_id,
      via: r.via,
      topic: r.topic,
      stage: r.stage,
      reason: r.reason,
      size: Number(r.size),
      truncated: Boolean(r.truncated),
      payload: r.payload,
      payloadCut: Number(r.payload_chars) > DEAD_LETTER_SHOWN_CHARS,
      replayedAt: r.replayed_at ? new Date(r.replayed_at).toISOString() : null,
      replayIndicatorIds: r.replay_indicator_ids ?? [],
    }));
  }

  async toReplay(feed: string, ids: number[] | undefined, limit: number): Promise<DeadLetterToReplay[]> {
    const rows = ids
      ? await this.db.query<DeadLetterRow>(
          'SELECT id, via, topic, truncated, payload FROM dead_letters WHERE feed_id = $1 AND id = ANY($2::bigint[]) ORDER BY id',
          [feed, ids],
        )
      : await this.db.query<DeadLetterRow>(
          'SELECT id, via, topic, truncated, payload FROM dead_letters WHERE feed_id = $1 AND replayed_at IS NULL ORDER BY id LIMIT $2',
          [feed, limit],
        );
    return rows.map((r) => ({
      id: Number(r.id),
      via: r.via,
      topic: r.topic,
      truncated: Boolean(r.truncated),
      payload: r.payload,
    }));
  }

  async markReplayed(id: number, indicatorIds: string[]): Promise<void> {
    await this.db.query('UPDATE dead_letters SET replayed_at = now(), replay_indicator_ids = $2::jsonb WHERE id = $1', [
      id,
      JSON.stringify(indicatorIds),
    ]);
  }

  async count(): Promise<number> {
    const [row] = await this.db.query<{ n: string }>('SELECT count(*)::text AS n FROM dead_letters');
    return Number(row.n);
  }
}

/** A dead_letters row as the driver returns it (bigint ids and timestamps vary by driver). */
interface DeadLetterRow {
  id: string | number;
  at: string | Date;
  feed_id: string | null;
  via: Transport;
  topic: string;
  stage: RejectStage;
  reason: string;
  size: number;
  truncated: boolean;
  payload: string;
  payload_chars: number;
  replayed_at: string | Date | null;
  replay_indicator_ids: string[] | null;
}
