// One behavioural suite every Bus implementation must pass (in-process and Kafka).
import { describe, it, expect } from 'vitest';
import type { Bus, BusBatch } from './bus.ts';

export function busSuite(name: string, makeBus: () => Promise<Bus>, uniqueTopic: (base: string) => string) {
  describe(`${name}: bus contract`, () => {
    it('delivers published messages in order with key and timestamp', async () => {
      const bus = await makeBus();
      const topic = uniqueTopic('order');
      const seen: string[] = [];
      let done!: () => void;
      const all = new Promise<void>((r) => (done = r));
      const sub = await bus.subscribe(
        { groupId: uniqueTopic('g'), topics: [topic], fromBeginning: true },
        async (b: BusBatch) => {
          for (const m of b.messages) {
            expect(m.key).toBe('gate-complex');
            seen.push(m.value);
          }
          if (seen.length >= 50) done();
        },
      );
      await bus.publish(
        topic,
        Array.from({ length: 50 }, (_, i) => ({
          key: 'gate-complex',
          value: `m${i}`,
          timestamp: 1_700_000_000_000 + i,
        })),
      );
      await all;
      expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => `m${i}`));
      await sub.stop();
      await bus.close();
    });

    it('redelivers a batch whose handler failed, so nothing is lost', async () => {
      const bus = await makeBus();
      const topic = uniqueTopic('retry');
      let attempts = 0;
      const got: string[] = [];
      let done!: () => void;
      const finished = new Promise<void>((r) => (done = r));
      const sub = await bus.subscribe(
        { groupId: uniqueTopic('g'), topics: [topic], fromBeginning: true },
        async (b) => {
          attempts++;
          if (attempts === 1) throw new Error('store unavailable');
          got.push(...b.messages.map((m) => m.value));
          if (got.includes('only')) done();
        },
      );
      await bus.publish(topic, [{ key: null, value: 'only', timestamp: Date.now() }]);
      await finished;
      expect(attempts).toBeGreaterThanOrEqual(2);
      expect(got.filter((v) => v === 'only').length).toBeGreaterThanOrEqual(1);
      await sub.stop();
      await bus.close();
    });

    it('gives two groups each their own copy', async () => {
      const bus = await makeBus();
      const topic = uniqueTopic('fanout');
      const a: string[] = [];
      const b: string[] = [];
      let doneA!: () => void;
      let doneB!: () => void;
      const pa = new Promise<void>((r) => (doneA = r));
      const pb = new Promise<void>((r) => (doneB = r));
      const s1 = await bus.subscribe(
        { groupId: uniqueTopic('ga'), topics: [topic], fromBeginning: true },
        async (x) => {
          a.push(...x.messages.map((m) => m.value));
          if (a.length >= 3) doneA();
        },
      );
      const s2 = await bus.subscribe(
        { groupId: uniqueTopic('gb'), topics: [topic], fromBeginning: true },
        async (x) => {
          b.push(...x.messages.map((m) => m.value));
          if (b.length >= 3) doneB();
        },
      );
      await bus.publish(
        topic,
        ['x', 'y', 'z'].map((v) => ({ key: v, value: v, timestamp: Date.now() })),
      );
      await Promise.all([pa, pb]);
      expect(a.sort()).toEqual(['x', 'y', 'z']);
      expect(b.sort()).toEqual(['x', 'y', 'z']);
      await s1.stop();
      await s2.stop();
      await bus.close();
    });

    it('says when a subscriber has handled what its topics held, and at once when they held nothing', async () => {
      const bus = await makeBus();
      const topic = uniqueTopic('caught-up');
      await bus.publish(
        topic,
        Array.from({ length: 20 }, (_, i) => ({ key: `k${i % 3}`, value: `m${i}`, timestamp: Date.now() })),
      );
      const got: string[] = [];
      const options = { groupId: uniqueTopic('reader'), ownGroup: true, fromBeginning: true, rewindMs: 60_000 };
      const sub = await bus.subscribe({ ...options, topics: [topic] }, async (x) => {
        await new Promise((r) => setTimeout(r, 5));
        got.push(...x.messages.map((m) => m.value));
      });
      await sub.caughtUp();
      // At least once: on Kafka the rewind's seek may hand over again what was read before it.
      expect([...new Set(got)].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`).sort());
      const empty = await bus.subscribe({ ...options, topics: [uniqueTopic('empty')] }, async () => {});
      await empty.caughtUp();
      await empty.stop();
      await sub.stop();
      await bus.close();
    });

    it('gives every subscriber of one family in groups of their own the whole topic', async () => {
      const bus = await makeBus();
      const topic = uniqueTopic('own');
      const family = uniqueTopic('family');
      const got: string[][] = [[], []];
      const whole = got.map(() => {
        let finish!: () => void;
        return { promise: new Promise<void>((r) => (finish = r)), finish: () => finish() };
      });
      const subs = await Promise.all(
        got.map((list, i) =>
          bus.subscribe({ groupId: family, ownGroup: true, topics: [topic], fromBeginning: true }, async (x) => {
            list.push(...x.messages.map((m) => m.value));
            if (list.length >= 3) whole[i].finish();
          }),
        ),
      );
      await bus.publish(
        topic,
        ['x', 'y', 'z'].map((v) => ({ key: v, value: v, timestamp: Date.now() })),
      );
      await Promise.all(whole.map((w) => w.promise));
      expect(got.map((l) => [...l].sort())).toEqual([
        ['x', 'y', 'z'],
        ['x', 'y', 'z'],
      ]);
      for (const s of subs) await s.stop();
      await bus.close();
    });
  });
}
