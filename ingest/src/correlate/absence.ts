// Absence: A not followed (or not preceded) by B within the timespan. Nothing arrives to say
// "B never came", so the decision is made when event time has passed A's deadline: the
// watermark (newest event time seen minus the allowed lateness) moving past it. B arriving in
// time cancels the pending A; B that arrived before A (out of order) is found in the group.
import type { Entry } from './window.ts';

export interface Pending {
  /** The A entry. */
  a: Entry;
  /** Event time after which nothing can cancel it any more. */
  deadline: number;
  group: string;
  rule: number;
  cancelled: boolean;
}

/** One group's side of an absence rule: the B entries kept for late A's, and A's still waiting. */
export class AbsenceState {
  bs: number[] = [];
  waiting: Pending[] = [];

  /** Is there a B that answers an A at time t (followed: t < b ≤ t + span; preceded: t − span ≤ b ≤ t)? */
  answered(t: number, spanMs: number, preceded: boolean): boolean {
    const bs = this.bs;
    if (preceded) {
      const i = upperBound(bs, t) - 1; // the last B at or before t
      return i >= 0 && bs[i] >= t - spanMs;
    }
    const i = upperBound(bs, t); // the first B after t
    return i < bs.length && bs[i] <= t + spanMs;
  }

  /** A B at time b cancels the A's it answers. */
  addB(b: number, spanMs: number, preceded: boolean) {
    const bs = this.bs;
    if (!bs.length || bs[bs.length - 1] <= b) bs.push(b);
    else bs.splice(upperBound(bs, b), 0, b);
    let cancelled = false;
    for (const p of this.waiting) {
      const t = p.a.t;
      if (!p.cancelled && (preceded ? b >= t - spanMs && b <= t : b > t && b <= t + spanMs)) cancelled = p.cancelled = true;
    }
    if (cancelled) this.waiting = this.waiting.filter((p) => !p.cancelled);
  }

  prune(horizon: number) {
    const bs = this.bs;
    // Batched: shifting the array for every old B would cost more than keeping a few.
    if (bs.length && bs[0] < horizon) {
      const n = upperBound(bs, horizon - 1);
      if (n > 32 || n === bs.length || n * 2 > bs.length) bs.splice(0, n);
    }
  }

  get size(): number {
    return this.bs.length + this.waiting.length;
  }
}

/** Index of the first element greater than t (sorted numbers). */
function upperBound(a: number[], t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Pending A's of every group, ordered by when they become due (a binary min-heap). */
export class DueQueue {
  private heap: { due: number; p: Pending }[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(due: number, p: Pending) {
    const h = this.heap;
    h.push({ due, p });
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent].due <= h[i].due) break;
      [h[parent], h[i]] = [h[i], h[parent]];
      i = parent;
    }
  }

  /** When the next item is due (Infinity when none). */
  next(): number {
    return this.heap.length ? this.heap[0].due : Infinity;
  }

  /** Pops every item due strictly before `limit` (in due order), skipping cancelled ones. */
  popDue(limit: number, out: Pending[]) {
    const h = this.heap;
    while (h.length && h[0].due < limit) {
      const top = h[0].p;
      const last = h.pop()!;
      if (h.length) {
        h[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < h.length && h[l].due < h[m].due) m = l;
          if (r < h.length && h[r].due < h[m].due) m = r;
          if (m === i) break;
          [h[m], h[i]] = [h[i], h[m]];
          i = m;
        }
      }
      if (!top.cancelled) out.push(top);
    }
  }

  /** Everything still waiting (for a final flush), in due order. */
  drainAll(out: Pending[]) {
    this.popDue(Infinity, out);
  }
}
