// An API instance's live follower reads every change in a consumer group of its own, which
// commits nothing. When that group rebalances — here another member joins it and leaves, as
// a broker restart, a coordinator move or an event loop stalled past the session timeout
// make the follower rejoin too — the follower must go on from where it was, not from the
// latest record: otherwise the browsers on that instance miss what changed meanwhile.
// The real broker.
import { describe, it, expect, afterAll } from 'vitest';
import { Kafka, logLevel, type Admin, type Consumer, type Producer } from 'kafkajs';
import { TOPICS, indicatorMessage, type Indicator } from '@portwatch/schema';
import { KafkaBus, silentLogger } from '@portwatch/ingest';
import { LiveHub } from '@portwatch/api';
import { LiveFollower } from '../../api/src/fanout/live-follower.ts';
import { KAFKA_BROKERS, runId, connectKafka } from '../support/brokers.ts';
import { droneIndicator } from '../support/indicators.ts';
import { eventually } from '../support/system.ts';

const namespace = `pw-test-rejoin-${runId()}`;
const PARTITIONS = 3;
const kafka = new Kafka({ brokers: KAFKA_BROKERS, clientId: namespace, logLevel: logLevel.NOTHING });
let bus: KafkaBus;
let follower: LiveFollower;
let admin: Admin;
let producer: Producer;
let intruder: Consumer | null = null;

afterAll(async () => {
  await intruder?.disconnect().catch(() => {});
  await follower?.stop();
  await bus?.close();
  await producer?.disconnect();
  await admin?.disconnect();
});

let n = 0;
function indicator(): Indicator {
  ++n;
  return droneIndicator(`${namespace}-${n}`, `UAS-${n}`, Date.now());
}

/** `count` new indicators in each partition of the namespace's indicators topic. */
async function changesInEveryPartition(count: number): Promise<Indicator[]> {
  const made: Indicator[] = [];
  for (let partition = 0; partition < PARTITIONS; partition++) {
    const list = Array.from({ length: count }, indicator);
    made.push(...list);
    await producer.send({
      topic: `${namespace}.${TOPICS.indicators}`,
      messages: list.map((ind) => {
        const m = indicatorMessage(ind);
        return { partition, key: m.key, value: m.value, timestamp: String(m.timestamp) };
      }),
    });
  }
  return made;
}

describe('the live follower of an API instance', () => {
  it('misses no change over a rejoin of its group', async () => {
    bus = new KafkaBus({ brokers: KAFKA_BROKERS, clientId: namespace, namespace, partitions: PARTITIONS });
    await connectKafka(bus);
    [admin, producer] = [kafka.admin(), kafka.producer()];
    await admin.connect();
    await producer.connect();
    const hub = new LiveHub();
    const pushed = new Set<string>();
    const publish = hub.publishIndicators.bind(hub);
    hub.publishIndicators = (list) => {
      for (const ind of list) pushed.add(ind.id);
      publish(list);
    };
    follower = new LiveFollower(bus, hub, silentLogger);
    await follower.start();

    const before = await changesInEveryPartition(2);
    await eventually(async () => before.every((i) => pushed.has(i.id)), 30_000, 'the changes before the rejoin');

    // Another member joins the follower's group: the group rebalances, and the follower is
    // assigned a part of the partitions...
    const { groups } = await admin.listGroups();
    const groupId = groups.map((g) => g.groupId).find((g) => g.startsWith(`${namespace}.portwatch-api-live.`));
    expect(groupId).toBeDefined();
    intruder = kafka.consumer({ groupId: groupId!, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    const held: number[] = [];
    intruder.on(intruder.events.GROUP_JOIN, (e) =>
      held.push(...(e.payload.memberAssignment[`${namespace}.${TOPICS.indicators}`] ?? [])),
    );
    await intruder.connect();
    await intruder.subscribe({
      topics: [TOPICS.indicators, TOPICS.zoneState, TOPICS.incidentUpdates].map((t) => `${namespace}.${t}`),
    });
    // It commits nothing, as the follower does not: the follower's start is its own doing.
    await intruder.run({ autoCommit: false, eachBatch: async () => {} });
    expect(held.length).toBeGreaterThan(0);
    // ...while changes come in every partition, those the other member holds included...
    const during = await changesInEveryPartition(3);
    // ...and once it leaves, the follower rejoins and holds them all again.
    await intruder.disconnect();
    intruder = null;
    const after = await changesInEveryPartition(1);
    await eventually(
      async () => [...during, ...after].every((i) => pushed.has(i.id)),
      30_000,
      'every change made during and after the rejoin',
    ).catch((err: Error) => {
      const missed = [...during, ...after].filter((i) => !pushed.has(i.id)).length;
      throw new Error(`${missed} of ${during.length + after.length} changes never pushed (${err.message})`);
    });
  });
});
