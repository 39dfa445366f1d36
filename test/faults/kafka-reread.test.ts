// Ingest reads a Kafka feed again from the start (its group's offsets reset, as after a crash
// before a commit or a rebalance that hands a partition back): every record goes through the
// pipeline twice, and the store still holds each indicator and each dead letter once.
import { describe, it, expect, afterAll } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { TOPICS } from '@portwatch/schema';
import { STORE_WRITER_GROUP } from '@portwatch/api';
import { KAFKA_BROKERS } from '../support/brokers.ts';
import { eventually } from '../support/system.ts';
import { eveRecord } from '../support/records.ts';
import { deploy, type Deployment } from './fixture.ts';

let d: Deployment | null = null;
afterAll(async () => d?.close());

const BAD = 30;
const GOOD = 10;

describe('a Kafka feed read twice', () => {
  it('stores each indicator and each dead letter once', async () => {
    d = await deploy(KAFKA_BROKERS);
    const feedTopic = `${d.ns}.valencia.suricata.eve`;
    const admin = new Kafka({ clientId: `${d.ns}-admin`, brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      let worker = await d.startWorker();
      const now = Date.now();
      // Cut-off EVE alerts (each its own bytes) among good ones, spread over the partitions.
      await d.bus.publish('valencia.suricata.eve', [
        ...Array.from({ length: BAD }, (_, i) => ({
          key: `tap-${i % 4}`,
          value: `{"event_type": "alert", "flow_id": ${i}, "timestamp": `,
          timestamp: now,
        })),
        ...Array.from({ length: GOOD }, (_, i) => ({
          key: `tap-${i % 4}`,
          value: eveRecord(i, now - 60_000),
          timestamp: now,
        })),
      ]);
      const stored = async () => {
        const { rows } = await d!.db.query<{ letters: string; indicators: string }>(
          `SELECT (SELECT count(*) FROM dead_letters WHERE feed_id = 'suricata')::text AS letters,
                  (SELECT count(*) FROM indicators)::text AS indicators`,
        );
        return { letters: Number(rows[0].letters), indicators: Number(rows[0].indicators) };
      };
      await eventually(
        async () => {
          const s = await stored();
          return s.letters === BAD && s.indicators === GOOD;
        },
        60_000,
        `${BAD} dead letters and ${GOOD} indicators stored`,
      );

      // The worker stops (leaving its group), and the group is sent back to the start.
      await worker.kill('SIGTERM');
      const ingestGroup = `${d.ns}.portwatch-ingest`;
      await eventually(
        async () => {
          try {
            await admin.resetOffsets({ groupId: ingestGroup, topic: feedTopic, earliest: true });
            return true;
          } catch {
            return false; // the group still has a member until it has left
          }
        },
        60_000,
        'ingest group offsets reset',
      );
      worker = await d.startWorker();

      // Ingest has read every record again, and the store writer has read every dead letter
      // ingest published (both times).
      const caughtUp = async (groupId: string, topic: string) => {
        const ends = await admin.fetchTopicOffsets(topic);
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        const end = ends.reduce((n, p) => n + Number(p.high), 0);
        const at = committed.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
        return { end, at };
      };
      const letterTopic = `${d.ns}.${TOPICS.deadLetter}`;
      await eventually(
        async () => {
          const feed = await caughtUp(ingestGroup, feedTopic);
          const letters = await caughtUp(`${d!.ns}.${STORE_WRITER_GROUP}`, letterTopic);
          return feed.at === feed.end && letters.end === 2 * BAD && letters.at === letters.end;
        },
        60_000,
        'the feed read twice and every dead letter on the bus read by the store writer',
      );
      // Indicators on the bus are read by the store writer too before the counts are taken.
      const indicatorTopic = `${d.ns}.${TOPICS.indicators}`;
      await eventually(
        async () => {
          const ind = await caughtUp(`${d!.ns}.${STORE_WRITER_GROUP}`, indicatorTopic);
          return ind.end === 2 * GOOD && ind.at === ind.end;
        },
        60_000,
        'every indicator on the bus read by the store writer',
      );
      expect(await stored()).toEqual({ letters: BAD, indicators: GOOD });
      const { rows } = await d.db.query<{ key: string }>(
        "SELECT key FROM dead_letters WHERE feed_id = 'suricata' ORDER BY key",
      );
      expect(new Set(rows.map((r) => r.key)).size).toBe(BAD);
      for (const r of rows) expect(r.key).toMatch(/^kafka:valencia\.suricata\.eve:\d+:\d+:/);
    } finally {
      await admin.disconnect();
    }
  }, 240_000);
});
