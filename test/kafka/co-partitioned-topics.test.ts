// The indicators and zone-effects topics are read co-partitioned (a zone's effects reach the
// worker holding its indicators only if partition p of both holds the same zones), so on the
// real broker: zone-effects is created with the partition count the indicators topic has, and
// a co-partitioned subscription refuses to start when the two already differ.
import { describe, it, expect, afterAll } from 'vitest';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { TOPICS } from '@portwatch/schema';
import { KafkaBus } from '@portwatch/ingest';
import { KAFKA_BROKERS, runId, connectKafka } from '../support/brokers.ts';
import { eventually } from '../support/system.ts';

const id = runId();
let admin: Admin;
const buses: KafkaBus[] = [];

afterAll(async () => {
  for (const b of buses) await b.close();
  if (admin) {
    const ours = (await admin.listTopics()).filter((t) => t.startsWith(`pw-test-copart-`) && t.includes(id));
    await admin.deleteTopics({ topics: ours }).catch(() => {});
    await admin.disconnect();
  }
});

/** Topics as an operator made them before Portwatch started. */
async function existing(topics: { topic: string; partitions: number }[]): Promise<void> {
  if (!admin) {
    admin = new Kafka({ brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING }).admin();
    await connectKafka(admin);
  }
  await admin.createTopics({
    waitForLeaders: false,
    topics: topics.map(({ topic, partitions }) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
  });
  // Just created, a topic is "not hosted" for a moment, and kafkajs's waitForLeaders gives up on that.
  await eventually(
    async () =>
      (await admin.fetchTopicMetadata({ topics: topics.map((t) => t.topic) })).topics.every(
        (t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0),
      ),
    30_000,
    'the topics’ leaders',
  );
}

async function partitionsOf(topic: string): Promise<number> {
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
  return topics[0].partitions.length;
}

async function connected(namespace: string): Promise<KafkaBus> {
  const bus = new KafkaBus({ brokers: KAFKA_BROKERS, clientId: namespace, namespace });
  buses.push(bus);
  await bus.connect();
  return bus;
}

describe('co-partitioned topics on Kafka', () => {
  it('creates zone-effects with the partitions of the indicators topic, not the default 6', async () => {
    const ns = `pw-test-copart-grown-${id}`;
    // Grown to 12 to run more workers than the default allows.
    await existing([{ topic: `${ns}.${TOPICS.indicators}`, partitions: 12 }]);
    await connected(ns);
    expect(await partitionsOf(`${ns}.${TOPICS.zoneEffects}`)).toBe(12);
    expect(await partitionsOf(`${ns}.${TOPICS.incidents}`)).toBe(6);
  });

  it('refuses to start a worker’s subscription when the counts already differ, saying what to do', async () => {
    const ns = `pw-test-copart-apart-${id}`;
    await existing([
      { topic: `${ns}.${TOPICS.indicators}`, partitions: 12 },
      { topic: `${ns}.${TOPICS.zoneEffects}`, partitions: 6 },
    ]);
    const bus = await connected(ns);
    const started = bus.subscribe(
      { groupId: 'portwatch-correlate', topics: [TOPICS.indicators, TOPICS.zoneEffects], copartitioned: true },
      async () => {},
    );
    await expect(started).rejects.toThrow(
      `${ns}.portwatch.indicators has 12, ${ns}.portwatch.zone-effects has 6, so one key's records of each would meet in different consumers. Stop the workers, then either grow ${ns}.portwatch.zone-effects to 12 partitions`,
    );
  });
});
