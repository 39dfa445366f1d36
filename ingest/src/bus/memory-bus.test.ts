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
    expect(bus.counters.dropped).toBe(15);
    expect(bus.metrics()).toContain('portwatch_bus_dropped_total 15');
    await sub.stop();
  });

  it('makes a publisher wait for a slow consumer instead of dropping what it has not read', async () => {
    const bus = new MemoryBus({ retain: 100, maxUnread: 100, maxBatch: 50 });
    const got: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sub = await bus.subscribe({ groupId: 'store', topics: ['t'] }, async (b) => {
      await gate;
      got.push(...b.messages.map((m) => m.value));
    });
    const batch = (i: number) =>
      Array.from({ length: 50 }, (_, j) => ({ key: null, value: `${i}-${j}`, timestamp: j }));
    await bus.publish('t', batch(0));
    await bus.publish('t', batch(1));
    // 100 unread: the next publish waits (ingest would hold its records unacknowledged)…
    let published = false;
    const third = bus.publish('t', batch(2)).then(() => (published = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(published).toBe(false);
    // …and goes on once the consumer has read: all 150, in order, none dropped.
    release();
    await third;
    for (let i = 0; i < 100 && got.length < 150; i++) await new Promise((r) => setTimeout(r, 5));
    expect(got).toHaveLength(150);
    expect(got[0]).toBe('0-0');
    expect(got.at(-1)).toBe('2-49');
    expect(bus.counters).toEqual({ dropped: 0, waits: 1 });
    await sub.stop();
  });

  it('releases a waiting publisher with an error when the bus closes', async () => {
    const bus = new MemoryBus({ maxUnread: 10 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await bus.subscribe({ groupId: 'stuck', topics: ['t'] }, () => gate);
    await bus.publish(
      't',
      Array.from({ length: 10 }, (_, j) => ({ key: null, value: String(j), timestamp: j })),
    );
    const waiting = bus.publish('t', [{ key: null, value: 'late', timestamp: 0 }]);
    const closing = bus.close();
    await expect(waiting).rejects.toThrow('bus is closed');
    release();
    await closing;
  });

  it('keeps only what a consumer has not read yet: memory stays flat under steady load', async () => {
    const bus = new MemoryBus({ maxBatch: 100 });
    let seen = 0;
    let slowSeen = 0;
    const fast = await bus.subscribe({ groupId: 'fast', topics: ['t'] }, async (b) => {
      seen += b.messages.length;
    });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = await bus.subscribe({ groupId: 'slow', topics: ['t'] }, async (b) => {
      await gate;
      slowSeen += b.messages.length;
    });
    const retained = () =>
      (bus as unknown as { logs: Map<string, { messages: unknown[] }> }).logs.get('t')!.messages.length;
    for (let i = 0; i < 50; i++) {
      await bus.publish(
        't',
        Array.from({ length: 100 }, (_, j) => ({ key: null, value: `${i}-${j}`, timestamp: j })),
      );
      await new Promise((r) => setImmediate(r));
    }
    // The slow group holds its unread messages (like an uncommitted offset)…
    expect(retained()).toBeGreaterThan(4000);
    release();
    for (let i = 0; i < 100 && slowSeen < 5000; i++) await new Promise((r) => setTimeout(r, 5));
    // …and once both have read everything, nothing is kept.
    expect([seen, slowSeen]).toEqual([5000, 5000]);
    expect(retained()).toBe(0);
    await fast.stop();
    await slow.stop();
  });
});

describe('memory bus settled by the storing group', () => {
  const msgs = (n: number, tag: string) =>
    Array.from({ length: n }, (_, i) => ({ key: null, value: `${tag}-${i}`, timestamp: i }));

  it("resolves a publish only once that group's handler has settled all of it, retrying included", async () => {
    const bus = new MemoryBus({ maxBatch: 10, settledBy: { groupId: 'store', topics: ['stored'] } });
    const stored: string[] = [];
    let failures = 1;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sub = await bus.subscribe({ groupId: 'store', topics: ['stored'], fromBeginning: true }, async (b) => {
      await gate;
      // The first write fails: the batch is handed over again and the publish keeps waiting.
      if (failures-- > 0) throw new Error('database unavailable');
      stored.push(...b.messages.map((m) => m.value));
    });
    let settled = false;
    const publishing = bus.publish('stored', msgs(25, 'a')).then(() => (settled = true));
    // Another topic is not held.
    await bus.publish('other', msgs(5, 'b'));
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    release();
    await publishing;
    expect(stored).toHaveLength(25);
    await sub.stop();
  });

  it('rejects a publish that retention drops before the group has read it, and one left when the bus closes', async () => {
    const bus = new MemoryBus({ retain: 10, settledBy: { groupId: 'store', topics: ['stored'] } });
    const dropped = bus.publish('stored', msgs(5, 'old'));
    const kept = bus.publish('stored', msgs(10, 'new'));
    const sub = await bus.subscribe({ groupId: 'store', topics: ['stored'], fromBeginning: true }, async () => {});
    await expect(dropped).rejects.toThrow(/dropped by the in-process bus before it was stored/);
    await kept;
    await sub.stop();
    const orphan = bus.publish('stored', msgs(1, 'late'));
    await bus.close();
    await expect(orphan).rejects.toThrow(/closed before it was stored/);
  });
});
