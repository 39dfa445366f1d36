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
    for (let i = this.bs.length - 1; i >= 0; i--) {
      const b = this.bs[i];
      if (preceded ? b >= t - spanMs && b <= t : b > t && b <= t + spanMs) return true;
    }
    return false;
  }

  /** A B at time b cancels the A's it answers. */
  addB(b: number, spanMs: number, preceded: boolean) {
    let i = this.bs.length;
    while (i > 0 && this.bs[i - 1] > b) i--;
    this.bs.splice(i, 0, b);
    for (const p of this.waiting) {
      if (p.cancelled) continue;
      const t = p.a.t;
      if (preceded ? b >= t - spanMs && b <= t : b > t && b <= t + spanMs) p.cancelled = true;
    }
    this.waiting = this.waiting.filter((p) => !p.cancelled);
  }

  prune(horizon: number) {
    let n = 0;
    while (n < this.bs.length && this.bs[n] < horizon) n++;
    if (n) this.bs.splice(0, n);
  }

  get size(): number {
    return this.bs.length + this.waiting.length;
  }
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
