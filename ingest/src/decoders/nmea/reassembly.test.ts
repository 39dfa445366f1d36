import { describe, expect, it } from 'vitest';
import { FragmentBuffer } from './reassembly.ts';
import type { AisSentence } from './sentence.ts';

function fragment(number: number, count = 2, sequenceId = '1', channel = 'A', payload = `p${number}`): AisSentence {
  return {
    ownShip: false,
    fragmentCount: count,
    fragmentNumber: number,
    sequenceId,
    channel,
    payload,
    fillBits: number === count ? 2 : 0,
    tag: null,
  };
}

describe('FragmentBuffer', () => {
  it('joins fragments in order and keeps the last fragment’s fill bits', () => {
    const buffer = new FragmentBuffer();
    expect(buffer.add(fragment(1, 3), 0)).toEqual({ status: 'pending' });
    expect(buffer.add(fragment(2, 3), 1)).toEqual({ status: 'pending' });
    expect(buffer.add(fragment(3, 3), 2)).toMatchObject({
      status: 'complete',
      payload: 'p1p2p3',
      fillBits: 2,
      fragments: 3,
    });
    expect(buffer.pending).toBe(0);
  });

  it('keeps messages apart by channel and sequential id', () => {
    const buffer = new FragmentBuffer();
    buffer.add(fragment(1, 2, '1', 'A', 'a1'), 0);
    buffer.add(fragment(1, 2, '1', 'B', 'b1'), 0);
    buffer.add(fragment(1, 2, '2', 'A', 'c1'), 0);
    expect(buffer.add(fragment(2, 2, '1', 'B', 'b2'), 0)).toMatchObject({ payload: 'b1b2' });
    expect(buffer.add(fragment(2, 2, '2', 'A', 'c2'), 0)).toMatchObject({ payload: 'c1c2' });
    expect(buffer.add(fragment(2, 2, '1', 'A', 'a2'), 0)).toMatchObject({ payload: 'a1a2' });
  });

  it('a new first fragment replaces an unfinished message under the same key', () => {
    const buffer = new FragmentBuffer();
    buffer.add(fragment(1, 2, '1', 'A', 'old'), 0);
    buffer.add(fragment(1, 2, '1', 'A', 'new'), 1);
    expect(buffer.add(fragment(2, 2), 2)).toMatchObject({ payload: 'newp2' });
  });

  it('rejects fragments out of order', () => {
    const buffer = new FragmentBuffer();
    buffer.add(fragment(1, 3), 0);
    expect(buffer.add(fragment(3, 3), 0)).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/out of order: expected fragment 2/),
    });
    expect(buffer.pending).toBe(0);
  });

  it('expires a group 10 s after its first fragment arrived, not before', () => {
    const buffer = new FragmentBuffer();
    buffer.add(fragment(1), 0);
    expect(buffer.add(fragment(2), 10_000)).toMatchObject({ status: 'complete' });
    buffer.add(fragment(1), 20_000);
    expect(buffer.add(fragment(2), 30_001)).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/without the fragments before it/),
    });
  });

  it('holds at most maxPending unfinished messages, dropping the oldest', () => {
    const buffer = new FragmentBuffer({ maxPending: 3 });
    for (let i = 0; i < 10; i++) buffer.add(fragment(1, 2, String(i)), i);
    expect(buffer.pending).toBe(3);
    expect(buffer.add(fragment(2, 2, '6'), 10).status).toBe('rejected');
    expect(buffer.add(fragment(2, 2, '9'), 10).status).toBe('complete');
  });
});
