import { describe, expect, it } from 'vitest';
import { FeedHealth, reasonKey } from './feed-health.ts';

const T0 = Date.parse('2025-03-14T02:00:00Z');

describe('feed health counters', () => {
  it('counts records, indicators and rejects by reason and stage', () => {
    const h = new FeedHealth();
    h.received('ais', T0);
    h.received('ais', T0 + 10);
    h.produced('ais', 1);
    h.rejected('ais', 'decoding', 'bad checksum: expected 5C, got 00', T0 + 10);
    const [c] = h.snapshot(T0 + 1000);
    expect(c).toMatchObject({
      feedId: 'ais',
      received: 2,
      indicators: 1,
      rejected: 1,
      rejectedByReason: { 'bad checksum': 1 },
      rejectedByStage: { decoding: 1 },
      lastSeen: '2025-03-14T02:00:00.010Z',
    });
    expect(c.recentReceived).toBe(2);
    expect(c.recentRejected).toBe(1);
  });

  it('counts a reason that is also the name of a member every object has like any other', () => {
    const h = new FeedHealth();
    for (const reason of ['constructor', 'constructor', '__proto__', 'toString: expected a number']) {
      h.received('cef', T0);
      h.rejected('cef', 'decoding', reason, T0);
      h.notUsed('cef', reason);
      h.noZone('cef', reason);
    }
    const [c] = h.snapshot(T0 + 1000);
    const expected = JSON.parse('{"constructor": 2, "__proto__": 1, "toString": 1}');
    expect(JSON.parse(JSON.stringify(c.rejectedByReason))).toEqual(expected);
    expect(JSON.parse(JSON.stringify(c.notUsedByReason))).toEqual(expected);
    expect(Object.values(c.noZoneByReason).reduce((n, v) => n + v, 0)).toBe(4);
  });

  it('counts records that made no indicator as not used, by reason, apart from rejects', () => {
    const h = new FeedHealth();
    for (let i = 0; i < 4; i++) h.received('zeek', T0);
    h.produced('zeek', 1);
    h.notUsed('zeek', 'zeek dns log: DNS queries and answers make no indicator of their own');
    h.notUsed('zeek', 'zeek dns log: DNS queries and answers make no indicator of their own');
    h.rejected('zeek', 'decoding', 'not JSON', T0);
    const [c] = h.snapshot(T0 + 1000);
    expect(c).toMatchObject({ received: 4, indicators: 1, rejected: 1, notUsed: 2 });
    expect(c.notUsedByReason).toEqual({ 'zeek dns log': 2 });
    expect(c.rejectedByReason).toEqual({ 'not JSON': 1 });
    expect(c.recentRejected).toBe(1);
  });

  it('forgets the rate and recent rejects a minute later, keeps the totals', () => {
    const h = new FeedHealth();
    for (let i = 0; i < 120; i++) h.received('eve', T0 + i * 500);
    h.rejected('eve', 'decoding', 'not JSON', T0);
    expect(h.snapshot(T0 + 59_999)[0].ratePerSec).toBe(2);
    const later = h.snapshot(T0 + 3 * 60_000)[0];
    expect(later).toMatchObject({ received: 120, rejected: 1, ratePerSec: 0, recentReceived: 0, recentRejected: 0 });
  });

  it('does not add a count from a minute ago to the same slot now', () => {
    const h = new FeedHealth();
    h.received('zeek', T0);
    h.received('zeek', T0 + 60_000);
    expect(h.snapshot(T0 + 60_000)[0].recentReceived).toBe(1);
  });

  it('keys reasons on the part before the detail', () => {
    expect(reasonKey('record too large: 2000 bytes')).toBe('record too large');
    expect(reasonKey('x'.repeat(100))).toHaveLength(60);
    expect(reasonKey('fragment 2 of 2 without the fragments before it (sequential id 1, channel A)')).toBe(
      'fragment 2 of 2 without the fragments before it',
    );
  });
});
