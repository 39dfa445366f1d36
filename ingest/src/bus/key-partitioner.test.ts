import { describe, it, expect } from 'vitest';
import { Partitioners, type PartitionerArgs } from 'kafkajs';
import { keyMemoPartitioner } from './key-partitioner.ts';

const meta = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ partitionErrorCode: 0, partitionId: i, leader: 0, replicas: [0], isr: [0] }));
const args = (topic: string, n: number, key: string | null, partition?: number): PartitionerArgs => ({
  topic,
  partitionMetadata: meta(n),
  message: { key, value: 'v', partition },
});

describe('key memo partitioner', () => {
  it("puts every key where kafkajs's Java-compatible partitioner does, for any partition count", () => {
    const ours = keyMemoPartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    const keys = ['gate-complex', 'cruise-terminal', 'unzoned', 'suricata', 'valencia', 'zone-ü', ''];
    for (const n of [1, 6, 12, 6])
      for (let round = 0; round < 2; round++)
        for (const key of keys) expect(ours(args('t', n, key))).toBe(theirs(args('t', n, key)));
  });

  it('keeps an explicit partition and spreads keyless messages over the partitions', () => {
    const ours = keyMemoPartitioner();
    expect(ours(args('t', 6, 'gate-complex', 4))).toBe(4);
    const seen = new Set(Array.from({ length: 60 }, () => ours(args('t', 6, null))));
    expect(seen.size).toBe(6);
  });
});
