// Absence: A not followed (or not preceded) by B within the timespan. Nothing arrives to say
// "B never came", so the decision is made when event time has passed A's deadline: the
// watermark (newest event time seen minus the allowed lateness) moving past it. B arriving in
// time cancels the pending A; B that arrived before A (out of order) is found in the group.
// The A's group is a type parameter: groups hold absence state, so this file names no group type.
import type { Rec } from './window.ts';

/** An absence rule as its groups need it. */
export interface AbsenceSpec {
  spanMs: number;
  /** B expected before A (else after). */
  preceded: boolean;
  /** The rule's watermark, set by the engine per record. */
  watermark: number;
}

export interface Pending<Group> {
  /** The A (its event time is rec.t). */
  rec: Rec;
  /** Event time after which nothing can cancel it any more. */
  deadline: number;
  /** Event time at which the due queue hands it out; ties go in the order the A's came. */
  due: number;
  seq: number;
  /** Its place in the due queue (-1: not in it). */
  at: number;
  /** The rule group the A waits in, handed back when it fires. */
  group: Group;
  rule: number;
  cancelled: boolean;
}

/** One group's side of an absence rule: the B times kept for late A's, and A's still waiting. */
export class AbsenceState<Group> {
  private bTimes: number[] = [];
  /** B's before this index are dropped (compacted in batches). */
  private head = 0;
  waiting: Pending<Group>[] = [];

  /** Is there a B that answers an A at time t (followed: t < b ≤ t + span; preceded: t − span ≤ b ≤ t)? */
  answered(a: Rec, spec: AbsenceSpec): boolean {
    const bTimes = this.bTimes;
    const t = a.t;
    const spanMs = spec.spanMs;
    if (spec.preceded) {
      const i = upperBound(bTimes, this.head, t) - 1; // the last B at or before t
      return i >= this.head && bTimes[i] >= t - spanMs;
    }
    const i = upperBound(bTimes, this.head, t); // the first B after t
    return i < bTimes.length && bTimes[i] <= t + spanMs;
  }

  /** A B at time b cancels the A's it answers (and takes them out of the due queue). */
  addB(rec: Rec, spec: AbsenceSpec, queue: DueQueue<Group>) {
    const b = rec.t;
    const spanMs = spec.spanMs;
    const preceded = spec.preceded;
    const bTimes = this.bTimes;
    if (bTimes.length === this.head || bTimes[bTimes.length - 1] <= b) bTimes.push(b);
    else bTimes.splice(upperBound(bTimes, this.head, b), 0, b);
    const waiting = this.waiting;
    let kept = 0;
    for (let k = 0; k < waiting.length; k++) {
      const p = waiting[k];
      const t = p.rec.t;
      if (!p.cancelled && (preceded ? b >= t - spanMs && b <= t : b > t && b <= t + spanMs)) {
        p.cancelled = true;
        queue.remove(p);
      }
      if (!p.cancelled) waiting[kept++] = p;
    }
    waiting.length = kept;
  }

  /** An A of this record is already waiting (a redelivery). */
  isWaiting(id: string): boolean {
    for (const p of this.waiting) if (p.rec.id === id) return true;
    return false;
  }

  /** Takes a pending A out of the waiting list; false when it is no longer there. */
  remove(p: Pending<Group>): boolean {
    const waiting = this.waiting;
    const i = waiting.indexOf(p);
    if (i < 0) return false;
    waiting.splice(i, 1);
    return true;
  }

  /** Drops B's that no A on time can look back to. */
  prune(spec: AbsenceSpec) {
    const horizon = spec.watermark - spec.spanMs;
    const bTimes = this.bTimes;
    let h = this.head;
    if (h >= bTimes.length || bTimes[h] >= horizon) return;
    while (h < bTimes.length && bTimes[h] < horizon) h++;
    this.head = h;
    if (h === bTimes.length) {
      bTimes.length = 0;
      this.head = 0;
    } else if (h > 32 && h * 2 > bTimes.length) {
      bTimes.splice(0, h);
      this.head = 0;
    }
  }

  get size(): number {
    return this.bTimes.length - this.head + this.waiting.length;
  }
}

/** Index of the first element greater than t in a[lo, length) (sorted numbers). */
function upperBound(a: number[], lo: number, t: number): number {
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Pending A's of every group, ordered by when they become due (an indexed binary min-heap). */
export class DueQueue<Group> {
  private heap: Pending<Group>[] = [];

  get size(): number {
    return this.heap.length;
  }

  /** Queues `p` by its `due` time. */
  push(p: Pending<Group>) {
    this.heap.push(p);
    this.up(p, this.heap.length - 1);
  }

  /** Takes out a pending A that can no longer fire (cancelled), so the queue holds only live ones. */
  remove(p: Pending<Group>) {
    const i = p.at;
    if (i < 0) return;
    p.at = -1;
    const h = this.heap;
    const last = h.pop()!;
    if (last === p) return;
    if (i > 0 && before(last, h[(i - 1) >> 1])) this.up(last, i);
    else this.down(last, i);
  }

  /** When the next item is due (Infinity when none). */
  next(): number {
    return this.heap.length ? this.heap[0].due : Infinity;
  }

  /** Pops every item due strictly before `limit` (in due order), skipping cancelled ones. */
  popDue(limit: number, out: Pending<Group>[]) {
    const h = this.heap;
    while (h.length && h[0].due < limit) {
      const top = h[0];
      top.at = -1;
      const last = h.pop()!;
      if (h.length) this.down(last, 0);
      if (!top.cancelled) out.push(top);
    }
  }

  /** Everything still waiting (for a final flush), in due order. */
  drainAll(out: Pending<Group>[]) {
    this.popDue(Infinity, out);
  }

  private up(p: Pending<Group>, i: number) {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(p, h[parent])) break;
      h[i] = h[parent];
      h[i].at = i;
      i = parent;
    }
    h[i] = p;
    p.at = i;
  }

  private down(p: Pending<Group>, i: number) {
    const h = this.heap;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(h[r], h[l]) ? r : l;
      if (!before(h[c], p)) break;
      h[i] = h[c];
      h[i].at = i;
      i = c;
    }
    h[i] = p;
    p.at = i;
  }
}

function before(a: Pending<unknown>, b: Pending<unknown>): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}
