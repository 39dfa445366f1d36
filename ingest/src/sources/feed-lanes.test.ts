import { describe, it, expect } from 'vitest';
import { FeedLanes, type FeedLanesOptions } from './feed-lanes.ts';
import type { RawRecord } from '../pipeline/pipeline.ts';

const rec = (topic: string, payload = 'x'): RawRecord => ({ via: 'mqtt', topic, payload, receivedAt: Date.now() });

/** Lanes whose decoding takes `costMs` of busy CPU per record, recording the order handled. */
function lanes(opts: Partial<FeedLanesOptions> & { costMs?: number } = {}) {
  const handled: string[] = [];
  const shed: { topic: string; feedId: string; reason: string }[] = [];
  const l = new FeedLanes({
    process: (r) => {
      const until = performance.now() + (opts.costMs ?? 0);
      while (performance.now() < until);
      handled.push(r.topic);
      return Promise.resolve();
    },
    shed: (r, feedId, reason) => shed.push({ topic: r.topic, feedId, reason }),
    ...opts,
  });
  return { l, handled, shed };
}

describe('feed lanes', () => {
  it('handles a record at once when its feed is idle and within its rate', async () => {
    const { l, handled } = lanes();
    await l.offer('doors', 100, rec('site/doors/1'));
    expect(handled).toEqual(['site/doors/1']);
  });

  it("serves another feed's record within a turn while one feed has a backlog to decode", async () => {
    // Decoding is slow (1 ms a record) and the fence feed has 400 records waiting.
    const { l, handled } = lanes({ costMs: 1, sliceMs: 5 });
    const fence = Array.from({ length: 400 }, (_, i) => l.offer('fence', 100_000, rec(`site/fence/F${i % 10}`)));
    const door = l.offer('doors', 100, rec('site/doors/1'));
    await door;
    // The door record went before most of the fence backlog, not behind all of it.
    expect(handled.indexOf('site/doors/1')).toBeLessThan(50);
    await Promise.all(fence);
    expect(handled.length).toBe(401);
    l.stop();
  });

  it('holds a feed to its rate: a burst goes through, the rest waits its turn, the excess is shed', async () => {
    const { l, handled, shed } = lanes({ burstSeconds: 1, maxWaitMs: 100 });
    const t0 = Date.now();
    // Rate 100/s, a burst of 100, and at most 100 ms of waiting: 10 more.
    const all = Array.from({ length: 150 }, () => l.offer('ais', 100, rec('site/ais/rx1'), t0));
    expect(shed.length).toBe(150 - 100 - 10);
    expect(shed[0].reason).toMatch(/^rate limited: feed "ais" is over its 100 records\/s/);
    expect(l.busy('ais', t0)).toBe(true);
    await Promise.all(all);
    expect(handled.length).toBe(110);
    // The last ten were paced, not passed at once.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
    l.stop();
  });

  it('bounds what a lane holds, and one sensor may fill at most half of it', async () => {
    const { l, shed } = lanes({ laneRecords: 10, sliceMs: 0 });
    const t0 = Date.now();
    // No decoding time this turn (slice 0): everything queues.
    const flooder = Array.from({ length: 8 }, () => l.offer('fence', 1000, rec('site/fence/FLOOD'), t0));
    expect(shed.map((s) => s.reason.split(':')[0])).toEqual([
      'sensor over its share',
      'sensor over its share',
      'sensor over its share',
    ]);
    const others = Array.from({ length: 7 }, (_, i) => l.offer('fence', 1000, rec(`site/fence/S${i}`), t0));
    expect(shed.length).toBe(3 + 2);
    expect(shed.at(-1)!.reason).toMatch(/^queue full: decoding is behind and feed "fence"/);
    expect(l.depths().get('fence')).toMatchObject({ records: 10 });
    await Promise.all([...flooder, ...others]);
    expect(l.depths().get('fence')).toMatchObject({ records: 0, bytes: 0 });
    l.stop();
  });

  it('with a source that can wait, keeps good records when decoding is behind and asks it to stop reading', async () => {
    const { l, handled, shed } = lanes({ laneRecords: 10, sliceMs: 0, holdWhenBehind: true });
    const t0 = Date.now();
    expect(l.room()).toBeNull();
    // A backlog after a restart: 30 records of one sensor, well within the feed's rate.
    const backlog = Array.from({ length: 30 }, () => l.offer('doors', 1000, rec('site/doors/R1'), t0));
    expect(shed).toEqual([]);
    const room = l.room();
    expect(room).not.toBeNull();
    let roomy = false;
    void room!.then(() => (roomy = true));
    await Promise.all(backlog);
    await room;
    expect(roomy).toBe(true);
    expect(handled.length).toBe(30);
    expect(l.room()).toBeNull();
    l.stop();
  });

  it('still sheds records over their feed rate when the lane is full, source waiting or not', () => {
    const { l, shed } = lanes({ laneRecords: 10, sliceMs: 0, holdWhenBehind: true, burstSeconds: 0.01 });
    const t0 = Date.now();
    // Rate 100/s, a burst of 1: the rest waits for tokens until the lane is full, then is shed
    // (waiting at the source would not help: the feed itself is over its rate).
    for (let i = 0; i < 20; i++) void l.offer('fence', 100, rec(`site/fence/S${i}`), t0);
    expect(shed.length).toBe(20 - 10); // the lane holds 10: one with its token, nine waiting
    expect(shed[0].reason).toMatch(/^rate limited/);
    l.stop();
  });

  it('acknowledges a queued record only once it has been handled, and never one it could not handle', async () => {
    let fail = true;
    const order: string[] = [];
    const l = new FeedLanes({
      process: (r) => {
        order.push(`handled ${r.topic}`);
        return fail ? Promise.reject(new Error('bus down')) : Promise.resolve();
      },
      shed: () => {},
      sliceMs: 0,
    });
    const a = l.offer('doors', 100, rec('site/doors/1')).then(
      () => order.push('acked 1'),
      () => order.push('not acked 1'),
    );
    expect(order).toEqual([]); // queued, not yet handled
    await a;
    fail = false;
    await l.offer('doors', 100, rec('site/doors/2')).then(() => order.push('acked 2'));
    expect(order).toEqual(['handled site/doors/1', 'not acked 1', 'handled site/doors/2', 'acked 2']);
    l.stop();
  });

  it('leaves what is still queued unacknowledged when stopped', async () => {
    const { l, handled } = lanes({ sliceMs: 0 });
    let settled = false;
    void l.offer('doors', 100, rec('site/doors/1')).finally(() => (settled = true));
    l.stop();
    await new Promise((r) => setTimeout(r, 20));
    expect(handled).toEqual([]);
    expect(settled).toBe(false);
  });
});
