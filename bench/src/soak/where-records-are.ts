// Where a soak's records are when its stored counts stop moving: what each process says it
// received, turned into indicators, rejected and shed (/metrics), and, on the scaled deployment,
// what Kafka holds on the topics the store writer reads and how far the writer's group is behind.
// "Unaccounted" alone cannot tell a record still on its way from one lost; these can.
import { Kafka, logLevel } from 'kafkajs';
import { TOPICS } from '@portwatch/schema';

export interface FeedCounts {
  received: number;
  indicators: number;
  rejected: number;
  shed: number;
  queued: number;
  busDropped: number;
}

function sum(text: string, metric: string, labelled: RegExp): number {
  let total = 0;
  for (const m of text.matchAll(new RegExp(`^${metric}\\{([^}]*)\\} (\\S+)$`, 'gm')))
    if (labelled.test(m[1])) total += Number(m[2]);
  return total;
}

/** One feed's counters from a process's /metrics text (zero where the process has no such feed). */
export function feedCounts(text: string, feedId: string): FeedCounts {
  const feed = new RegExp(`(^|,)feed="${feedId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`);
  return {
    received: sum(text, 'portwatch_feed_records_received_total', feed),
    indicators: sum(text, 'portwatch_feed_indicators_total', feed),
    rejected: sum(text, 'portwatch_feed_records_rejected_total', feed),
    shed: sum(text, 'portwatch_feed_records_shed_total', feed),
    queued: sum(text, 'portwatch_feed_records_queued', feed),
    busDropped: Number(/^portwatch_bus_dropped_total (\S+)$/m.exec(text)?.[1] ?? 0),
  };
}

export interface TopicAccount {
  topic: string;
  /** Records on the topic (sum of partitions' end offsets; the topics are never compacted). */
  onTopic: number;
  /** How far the store writer's group has committed, summed over partitions. */
  committed: number;
}

/** The store writer's topics in a Kafka namespace: records on them and the writer's committed offsets. */
export async function storeWriterTopics(
  brokers: string[],
  namespace: string,
  groupId: string,
): Promise<TopicAccount[]> {
  const admin = new Kafka({ clientId: 'soak-accounting', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const out: TopicAccount[] = [];
    for (const name of [TOPICS.indicators, TOPICS.deadLetter]) {
      const topic = `${namespace}.${name}`;
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId: `${namespace}.${groupId}`, topics: [topic] });
      out.push({
        topic: name,
        onTopic: ends.reduce((n, p) => n + Number(p.high), 0),
        committed: committed.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0),
      });
    }
    return out;
  } finally {
    await admin.disconnect();
  }
}
