import { describe, it, expect } from 'vitest';
import { AssignmentStart, earlier, type AssignmentStartOptions } from './assignment-start.ts';

type Seek = [topic: string, partition: number, offset: string];

/** A start whose lookups answer from tables (and, with `gate`, only once it opens). */
function make(
  o: Pick<Partial<AssignmentStartOptions>, 'own' | 'rewindMs'> & {
    committed?: Record<number, string>;
    at?: Record<number, string>;
    gate?: Promise<void>;
  },
) {
  const seeks: Seek[] = [];
  const errors: string[] = [];
  const start = new AssignmentStart({
    own: o.own ?? false,
    rewindMs: o.rewindMs,
    committed: async (topics) => {
      await o.gate;
      return topics.map((topic) => ({
        topic,
        partitions: Object.entries(o.committed ?? {}).map(([p, offset]) => ({ partition: Number(p), offset })),
      }));
    },
    offsetsAt: async () => {
      await o.gate;
      return Object.entries(o.at ?? {}).map(([p, offset]) => ({ partition: Number(p), offset }));
    },
    seek: (topic, partition, offset) => seeks.push([topic, partition, offset]),
    onError: (what) => errors.push(what),
  });
  return { start, seeks, errors };
}

const HOUR = 3_600_000;

describe('where a consumer starts after an assignment', () => {
  it('rewinds to the window, or to an older committed offset (a backlog older than the window is read too)', async () => {
    const { start, seeks } = make({
      rewindMs: HOUR,
      // 0: committed before the window (workers down longer than it); 1: inside it;
      // 2: nothing committed; 3: no record in the window.
      committed: { 0: '40', 1: '95', 2: '-1', 3: '70' },
      at: { 0: '90', 1: '80', 2: '60', 3: '-1' },
    });
    start.joined({ t: [0, 1, 2, 3] });
    await start.ready();
    expect(seeks).toEqual([
      ['t', 0, '40'],
      ['t', 1, '80'],
      ['t', 2, '60'],
      ['t', 3, '70'],
    ]);
  });

  it('holds the batches of a new assignment until its rewind has sought', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const { start, seeks } = make({ rewindMs: HOUR, committed: { 0: '95' }, at: { 0: '80' }, gate });
    start.joined({ t: [0] });
    // A batch from the committed offset arrives first: it waits for the seek.
    let handled = false;
    const batch = start.ready().then(() => (handled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(handled).toBe(false);
    open();
    await batch;
    expect(seeks).toEqual([['t', 0, '80']]);
  });

  it('leaves the seeking to the newest assignment when two follow quickly', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const { start, seeks } = make({ rewindMs: HOUR, at: { 0: '10', 1: '20' }, gate });
    start.joined({ t: [0, 1] });
    start.joined({ t: [1] });
    open();
    await start.ready();
    await new Promise((r) => setTimeout(r, 0));
    expect(seeks).toEqual([['t', 1, '20']]);
  });

  it('reads on from the committed offset when the lookups fail, and says so', async () => {
    const seeks: Seek[] = [];
    const errors: string[] = [];
    const failing = new AssignmentStart({
      own: false,
      rewindMs: HOUR,
      committed: () => Promise.reject(new Error('coordinator moved')),
      offsetsAt: () => Promise.reject(new Error('not the leader')),
      seek: (topic, partition, offset) => seeks.push([topic, partition, offset]),
      onError: (what) => errors.push(what),
    });
    failing.joined({ t: [0] });
    await failing.ready();
    expect(seeks).toEqual([]);
    expect(errors).toHaveLength(2);
  });

  it('in a group of its own, goes on after a rejoin from what it handled, not from the latest record', () => {
    const { start, seeks } = make({ own: true });
    // Reading from now: the ends of the partitions when it subscribed.
    start.startAt('t', [
      { partition: 0, offset: '100' },
      { partition: 1, offset: '200' },
    ]);
    start.joined({ t: [0, 1] });
    expect(seeks).toEqual([
      ['t', 0, '100'],
      ['t', 1, '200'],
    ]);
    start.settled([{ topic: 't', partition: 0, offset: '130' }]);
    seeks.length = 0;
    // Partition 1 stayed quiet: it goes on from where it started, not from the end at the rejoin.
    start.joined({ t: [0, 1] });
    expect(seeks).toEqual([
      ['t', 0, '130'],
      ['t', 1, '200'],
    ]);
  });

  it('in a group of its own that rebuilds, rewinds from the earlier of what it handled and the window', async () => {
    const { start, seeks } = make({ own: true, rewindMs: HOUR, at: { 0: '120', 1: '-1' } });
    start.settled([
      { topic: 't', partition: 0, offset: '130' },
      { topic: 't', partition: 1, offset: '50' },
    ]);
    start.joined({ t: [0, 1] });
    await start.ready();
    expect(seeks).toEqual([
      ['t', 0, '130'],
      ['t', 1, '50'],
      ['t', 0, '120'],
      ['t', 1, '50'],
    ]);
  });

  it('keeps no positions for a group that commits', () => {
    const { start, seeks } = make({});
    start.settled([{ topic: 't', partition: 0, offset: '130' }]);
    start.joined({ t: [0] });
    expect(seeks).toEqual([]);
  });
});

describe('the earlier of two offsets', () => {
  it('ignores an unknown one', () => {
    expect(earlier('5', '12')).toBe('5');
    expect(earlier('12', '5')).toBe('5');
    expect(earlier('-1', '5')).toBe('5');
    expect(earlier(undefined, '5')).toBe('5');
    expect(earlier('5', '-1')).toBe('5');
    expect(earlier('-1', undefined)).toBeUndefined();
    // Beyond 2^53: compared as integers, not as floating point.
    expect(earlier('9007199254740993', '9007199254740992')).toBe('9007199254740992');
  });
});
