import { describe, it, expect } from 'vitest';
import { whileSettling } from './while-settling.ts';

/** A request that fails with these errors in turn, then answers. */
function failingFirst(errors: unknown[]) {
  let calls = 0;
  return {
    calls: () => calls,
    request: async () => {
      calls++;
      if (calls <= errors.length) throw errors[calls - 1];
      return [{ partition: 0, offset: '42' }];
    },
  };
}

describe('a Kafka request while the broker settles', () => {
  it("answers after kafkajs's TypeError for a just-created topic, once its leader is there", async () => {
    // What fetchTopicOffsetsByTimestamp threw in CI for a topic created a moment before.
    const leaderless = new TypeError(
      "Cannot destructure property 'partitions' of 'offsets.pop(...)' as it is undefined.",
    );
    const r = failingFirst([leaderless, leaderless]);
    await expect(whileSettling(r.request, 10, 1)).resolves.toEqual([{ partition: 0, offset: '42' }]);
    expect(r.calls()).toBe(3);
  });

  it('gives up at once on an error kafkajs marks not retriable', async () => {
    const denied = Object.assign(new Error('Topic authorization failed'), { retriable: false });
    const r = failingFirst([denied]);
    await expect(whileSettling(r.request, 10, 1)).rejects.toBe(denied);
    expect(r.calls()).toBe(1);
  });

  it('gives up after its attempts, with the last error', async () => {
    const r = failingFirst(Array.from({ length: 5 }, (_, i) => new Error(`not the leader (${i + 1})`)));
    await expect(whileSettling(r.request, 3, 1)).rejects.toThrow('not the leader (3)');
    expect(r.calls()).toBe(3);
  });
});
