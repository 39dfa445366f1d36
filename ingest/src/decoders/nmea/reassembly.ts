// Multi-sentence AIS messages (a type 5 needs two sentences) arrive as separate records.
// Fragments are joined per (channel, sequential message id, fragment count), the key
// IEC 61162-1 gives receivers. The buffer is bounded in age and in size because lost
// fragments are normal on VHF and a feed must not leak memory over days.
import type { AisSentence, TagBlock } from './sentence.ts';

export interface ReassemblyOptions {
  /** Incomplete groups older than this (by arrival time) are dropped. */
  ttlMs?: number;
  /** At most this many incomplete groups are held; the oldest goes first. */
  maxPending?: number;
}

export type Reassembled =
  | {
      status: 'complete';
      payload: string;
      fillBits: number;
      tag: TagBlock | null;
      sequenceId: string;
      channel: string;
      fragments: number;
    }
  | { status: 'pending' }
  | { status: 'rejected'; reason: string };

interface Group {
  parts: string[];
  startedMs: number;
  tag: TagBlock | null;
}

export class FragmentBuffer {
  private readonly groups = new Map<string, Group>();
  private readonly ttlMs: number;
  private readonly maxPending: number;

  constructor(options: ReassemblyOptions = {}) {
    this.ttlMs = options.ttlMs ?? 10_000;
    this.maxPending = Math.max(1, options.maxPending ?? 64);
  }

  /** Incomplete groups currently held (for tests and health counters). */
  get pending(): number {
    return this.groups.size;
  }

  add(sentence: AisSentence, arrivedMs: number): Reassembled {
    const { fragmentCount: count, fragmentNumber: number, sequenceId, channel } = sentence;
    if (count === 1) {
      return {
        status: 'complete',
        payload: sentence.payload,
        fillBits: sentence.fillBits,
        tag: sentence.tag,
        sequenceId,
        channel,
        fragments: 1,
      };
    }
    this.expire(arrivedMs);
    const key = `${channel}|${sequenceId}|${count}`;
    const group = this.groups.get(key);
    if (number === 1) {
      // A new first fragment under the same key means the previous message lost a fragment.
      if (group) this.groups.delete(key);
      if (this.groups.size >= this.maxPending) this.groups.delete(this.groups.keys().next().value as string);
      this.groups.set(key, { parts: [sentence.payload], startedMs: arrivedMs, tag: sentence.tag });
      return { status: 'pending' };
    }
    const where = `sequential id ${sequenceId || 'none'}, channel ${channel || 'none'}`;
    if (!group)
      return {
        status: 'rejected',
        reason: `fragment ${number} of ${count} without the fragments before it (${where})`,
      };
    if (group.parts.length + 1 !== number) {
      this.groups.delete(key);
      return {
        status: 'rejected',
        reason: `fragment ${number} of ${count} out of order: expected fragment ${group.parts.length + 1} (${where})`,
      };
    }
    group.parts.push(sentence.payload);
    if (number < count) return { status: 'pending' };
    this.groups.delete(key);
    return {
      status: 'complete',
      payload: group.parts.join(''),
      fillBits: sentence.fillBits,
      tag: group.tag ?? sentence.tag,
      sequenceId,
      channel,
      fragments: count,
    };
  }

  private expire(nowMs: number): void {
    // Insertion order is start order, so the scan can stop at the first live group.
    for (const [key, group] of this.groups) {
      if (nowMs - group.startedMs <= this.ttlMs) break;
      this.groups.delete(key);
    }
  }
}
