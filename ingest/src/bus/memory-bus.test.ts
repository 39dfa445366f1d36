import { describe, it, expect } from 'vitest';
import { MemoryBus } from './memory-bus.ts';
import { busSuite } from './bus.case.ts';

let n = 0;
busSuite(
  'memory',
  async () => new MemoryBus(),
  (base) => `${base}-${++n}`,
);

describe('memory bus retention', () => {
  it('drops the oldest messages past retention and the consumer carries on', async () => {
    const bus = new MemoryBus({ retain: 10 });
    await bus.publish(
      't',
      Array.from({ length: 25 }, (_, i) => ({ key: null, value: String(i), timestamp: i })),
    );
    const got: string[] = [];
    let done!: () => void;
    const p = new Promise<void>((r) => (done = r));
    const sub = await bus.subscribe({ groupId: 'g', topics: ['t'], fromBeginning: true }, async (b) => {
      got.push(...b.messages.map((m) => m.value));
      if (got.length >= 10) done();
    });
    await p;
    expect(got).toEqual(['15', '16', '17', '18', '19', '20', '21', '22', '23', '24']);
    await sub.stop();
  });
});
