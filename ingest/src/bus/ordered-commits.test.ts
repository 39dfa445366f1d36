import { describe, it, expect } from 'vitest';
import { OrderedCommits, type PartitionOffset } from './ordered-commits.ts';

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function setup(limit = 10) {
  const commits: PartitionOffset[][] = [];
  const seeks: [string, number, string][] = [];
  const errors: string[] = [];
  const oc = new OrderedCommits({
    limit,
    commit: async (o) => void commits.push(o),
    seek: (t, p, o) => void seeks.push([t, p, o]),
    onError: (what) => void errors.push(what),
  });
  return { oc, commits, seeks, errors };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('ordered commits of batches handled ahead', () => {
  it('commits a later batch only once every earlier one of its partition has settled', async () => {
    const { oc, commits } = setup();
    const a = deferred();
    const b = deferred();
    await oc.track('raw', 0, '0', '99', a.promise);
    await oc.track('raw', 0, '100', '199', b.promise);
    b.resolve();
    await tick();
    expect(commits).toEqual([]); // batch 0–99 still in flight: committing 200 would skip it on a crash
    a.resolve();
    await oc.drain();
    expect(commits.flat()).toEqual([{ topic: 'raw', partition: 0, offset: '200' }]);
  });

  it('keeps partitions apart', async () => {
    const { oc, commits } = setup();
    const slow = deferred();
    await oc.track('raw', 0, '0', '9', slow.promise);
    await oc.track('raw', 1, '0', '4', Promise.resolve());
    await tick();
    expect(commits.flat()).toEqual([{ topic: 'raw', partition: 1, offset: '5' }]);
    slow.resolve();
    await oc.drain();
    expect(commits.flat()).toContainEqual({ topic: 'raw', partition: 0, offset: '10' });
  });

  it('reads a failed batch and everything after it again, and commits none of it', async () => {
    const { oc, commits, seeks, errors } = setup();
    const first = deferred();
    const second = deferred();
    await oc.track('raw', 0, '10', '19', first.promise);
    await oc.track('raw', 0, '20', '29', second.promise);
    first.reject(new Error('bus down'));
    second.resolve();
    await oc.drain();
    expect(seeks).toEqual([['raw', 0, '10']]);
    expect(commits).toEqual([]);
    expect(errors[0]).toMatch(/10–19 failed/);
  });

  it('holds the consumer back while the limit of batches is in flight', async () => {
    const { oc } = setup(2);
    const a = deferred();
    await oc.track('raw', 0, '0', '0', a.promise);
    let handedOver = false;
    const next = oc.track('raw', 0, '1', '1', new Promise(() => {})).then(() => (handedOver = true));
    await tick();
    expect(handedOver).toBe(false);
    a.resolve();
    await next;
    expect(handedOver).toBe(true);
  });

  it('after a rebalance, batches still in flight commit nothing', async () => {
    const { oc, commits } = setup();
    const a = deferred();
    await oc.track('raw', 0, '0', '9', a.promise);
    oc.reset();
    a.resolve();
    await oc.drain();
    expect(commits).toEqual([]);
  });
});
