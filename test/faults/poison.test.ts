// A poison record on a Kafka topic goes to the dead-letter topic with its reason and does
// not stall the partition: the good record behind it still arrives.
import { describe, it, expect, afterAll } from 'vitest';
import { KAFKA_BROKERS } from '../support/brokers.ts';
import { eventually } from '../support/system.ts';
import { eveRecord } from '../support/records.ts';
import { deploy, type Deployment } from './fixture.ts';

let d: Deployment | null = null;
afterAll(async () => d?.close());

describe('poison records on Kafka', () => {
  it('dead-letters them with a reason and keeps the partition moving', async () => {
    d = await deploy(KAFKA_BROKERS);
    await d.startWorker();
    const now = Date.now();
    // One partition key, so the good record sits right behind the poison in the same partition.
    await d.bus.publish('valencia.suricata.eve', [
      { key: 'tap', value: '{"event_type": "alert", "timestamp": ', timestamp: now },
      { key: 'tap', value: 'x'.repeat(300_000), timestamp: now },
      { key: 'tap', value: eveRecord(1, now - 60_000), timestamp: now },
    ]);
    // Poison on Portwatch's own topic too: the API's store writer must not stall on it.
    await d.bus.publish('portwatch.indicators', [{ key: 'gate-north', value: 'not an indicator', timestamp: now }]);
    await d.bus.publish('valencia.suricata.eve', [{ key: 'tap', value: eveRecord(2, now - 60_000), timestamp: now }]);

    await eventually(async () => (await d!.count()) === 2, 60_000, 'both good records stored');
    const letters = await eventually(
      async () => {
        const { rows } = await d!.db.query<{ feed_id: string | null; stage: string; reason: string; size: number }>(
          'SELECT feed_id, stage, reason, size FROM dead_letters ORDER BY id',
        );
        return rows.length >= 3 ? rows : null;
      },
      60_000,
      'three dead letters',
    );
    expect(letters.find((l) => l.size === 300_000)).toMatchObject({ feed_id: 'suricata', stage: 'receiving' });
    expect(letters.find((l) => l.reason.includes('too large'))).toBeTruthy();
    expect(letters.filter((l) => l.feed_id === 'suricata' && l.stage === 'decoding')).toHaveLength(1);
    expect(letters.find((l) => l.reason.includes('portwatch.indicators'))).toMatchObject({ stage: 'sending' });
  }, 180_000);
});
