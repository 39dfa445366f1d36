// Where a member that rebuilds its state (SubscribeOptions.rewindMs, how a correlation worker
// rebuilds its windows after a rebalance) starts reading, against the real broker: from the
// group's committed offset when that is older than the window (workers down longer than it),
// and the window before anything newer, however late the look-ups of the rewind answer.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { KafkaBus, type Subscription } from '@portwatch/ingest';
import { KAFKA_BROKERS, runId, connectKafka } from '../support/brokers.ts';
import { eventually } from '../support/system.ts';

const MIN = 60_000;
const WINDOW = 30 * MIN;
const namespace = `pw-test-rebuild-${runId()}`;
const buses: KafkaBus[] = [];

/** Its look-ups of offsets by time answer late: the first fetch of an assignment comes back first. */
class SlowLookups extends KafkaBus {
  override async offsetsAt(topic: string, timestampMs: number) {
    await new Promise((r) => setTimeout(r, 1500));
    return super.offsetsAt(topic, timestampMs);
  }
}

async function connected<B extends KafkaBus>(bus: B): Promise<B> {
  buses.push(bus);
  await connectKafka(bus);
  return bus;
}

let bus: KafkaBus;
let slow: SlowLookups;
beforeAll(async () => {
  bus = await connected(new KafkaBus({ brokers: KAFKA_BROKERS, clientId: namespace, namespace }));
  slow = await connected(new SlowLookups({ brokers: KAFKA_BROKERS, clientId: `${namespace}-slow`, namespace }));
});
afterAll(async () => {
  for (const b of buses) await b.close();
});

/** `n` records of one zone, all at `timestamp` (Kafka's record time, which the rewind seeks by). */
const records = (n: number, timestamp: number) =>
  Array.from({ length: n }, (_, i) => ({ key: 'zone-a', value: `record ${i}`, timestamp }));

/** A member of `groupId` on `topic`: the offsets it is handed, in order. */
async function member(
  on: KafkaBus,
  topic: string,
  groupId: string,
  rewindMs?: number,
): Promise<{ offsets: number[]; sub: Subscription }> {
  const offsets: number[] = [];
  const sub = await on.subscribe({ groupId, topics: [topic], fromBeginning: true, rewindMs }, async (batch) => {
    for (const m of batch.messages) offsets.push(Number(m.offset));
  });
  return { offsets, sub };
}

/** The group handles offsets 0 to n − 1 and commits, then leaves. */
async function commitUpTo(topic: string, groupId: string, n: number): Promise<void> {
  const first = await member(bus, topic, groupId);
  await eventually(async () => first.offsets.includes(n - 1), 60_000, `the group to handle offset ${n - 1}`);
  await first.sub.stop();
}

/** Everything the member is handed until a record published now has come too. */
async function handedUntilNow(topic: string, m: { offsets: number[] }, last: number): Promise<number[]> {
  await eventually(async () => m.offsets.includes(last), 60_000, `offset ${last}`);
  // A seek that came late would re-read after this; the record published now comes after it.
  await bus.publish(topic, records(1, Date.now()));
  await eventually(async () => m.offsets.includes(last + 1), 60_000, `offset ${last + 1}`);
  return m.offsets;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('a rebuild after an assignment', () => {
  it('reads a backlog older than the window when the group’s committed offset is older still', async () => {
    const topic = 'backlog';
    await bus.ensureTopics([topic], 1);
    await bus.publish(topic, records(2, Date.now() - 4 * 60 * MIN));
    await commitUpTo(topic, 'workers-backlog', 2);
    // The workers are down for three hours: four records come then, four within the window.
    await bus.publish(topic, records(4, Date.now() - 3 * 60 * MIN));
    await bus.publish(topic, records(4, Date.now() - 5 * MIN));
    const rebuilt = await member(bus, topic, 'workers-backlog', WINDOW);
    // Offsets 2–5 were never handled: seeking to the window alone (offset 6) skipped them.
    expect(await handedUntilNow(topic, rebuilt, 9)).toEqual(range(2, 10));
    await rebuilt.sub.stop();
  });

  it('reads the window before anything newer, however late its look-ups answer', async () => {
    const topic = 'window';
    await bus.ensureTopics([topic], 1);
    await bus.publish(topic, records(8, Date.now() - 20 * MIN));
    await commitUpTo(topic, 'workers-window', 8);
    await bus.publish(topic, records(2, Date.now() - MIN));
    const rebuilt = await member(slow, topic, 'workers-window', WINDOW);
    // Offsets 8 and 9 handed first (from the committed offset) would move correlation's clock
    // past the window, and the 0–7 read after them would be dropped as late.
    expect(await handedUntilNow(topic, rebuilt, 9)).toEqual(range(0, 10));
    await rebuilt.sub.stop();
  });
});
