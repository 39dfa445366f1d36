// The live window of one rule group: matching entries in event-time order, and the question
// "does some window of the rule's timespan that contains the new entry now satisfy the rule?".
// Entries that can no longer share a window with anything on time are dropped lazily.
// Kept as parallel arrays (times, detections, the indicator's shared record): a match costs no
// object of its own, and scans over times touch only numbers. Entry objects are made only for
// a firing, which is rare.
import type { Indicator } from '@portwatch/schema';
import type { CorrelationType } from './rule.ts';

/** What the windows keep of an indicator: one per indicator, shared by every rule it joins. */
export interface Rec {
  id: string;
  zoneId: string;
  domain: Indicator['domain'];
  assetId: string | undefined;
}

/** One entry of a firing set, as incidents and zone routing read it. */
export interface Entry {
  t: number;
  id: string;
  /** Index of the detection in the rule's correlation.rules. */
  det: number;
  zoneId: string;
  domain: Indicator['domain'];
  assetId?: string;
  /** value_count: the counted field's value. */
  value?: string;
}

export function entryOf(t: number, det: number, rec: Rec, value?: string): Entry {
  const e: Entry = { t, id: rec.id, det, zoneId: rec.zoneId, domain: rec.domain };
  if (rec.assetId) e.assetId = rec.assetId;
  if (value !== undefined) e.value = value;
  return e;
}

export interface WindowSpec {
  type: Exclude<CorrelationType, 'absence'>;
  spanMs: number;
  dets: number;
  gte: number;
}

export class Window {
  private ts: number[] = [];
  private dets: number[] = [];
  private recs: Rec[] = [];
  /** value_count only: the counted values, and how often each occurs among the live entries. */
  private readonly vals: string[] | null;
  private readonly counts: Map<string, number> | null;
  /** Entries before this index are dropped (compacted in batches, not per entry). */
  private head = 0;

  constructor(counted: boolean) {
    this.vals = counted ? [] : null;
    this.counts = counted ? new Map() : null;
  }

  get size(): number {
    return this.ts.length - this.head;
  }

  /** Drops entries older than `horizon`. */
  prune(horizon: number) {
    const ts = this.ts;
    let h = this.head;
    if (h >= ts.length || ts[h] >= horizon) return;
    const counts = this.counts;
    while (h < ts.length && ts[h] < horizon) {
      if (counts) uncount(counts, this.vals![h]);
      h++;
    }
    this.head = h;
    if (h > 64 && h * 2 > ts.length) {
      ts.splice(0, h);
      this.dets.splice(0, h);
      this.recs.splice(0, h);
      this.vals?.splice(0, h);
      this.head = 0;
    }
  }

  /** Already holds this record (a redelivery has the same event time, so only those are looked at). */
  has(id: string, det: number, t: number): boolean {
    const ts = this.ts;
    const n = ts.length;
    if (n === this.head || ts[n - 1] < t) return false;
    for (let i = lowerBound(ts, this.head, n, t); i < n && ts[i] === t; i++) if (this.dets[i] === det && this.recs[i].id === id) return true;
    return false;
  }

  /** Inserts in time order (arrivals are mostly in order: a scan from the end); returns the index. */
  insert(t: number, det: number, rec: Rec, value: string | undefined): number {
    const ts = this.ts;
    let i = ts.length;
    while (i > this.head && ts[i - 1] > t) i--;
    if (i === ts.length) {
      ts.push(t);
      this.dets.push(det);
      this.recs.push(rec);
      this.vals?.push(value ?? '');
    } else {
      ts.splice(i, 0, t);
      this.dets.splice(i, 0, det);
      this.recs.splice(i, 0, rec);
      this.vals?.splice(i, 0, value ?? '');
    }
    if (this.counts) this.counts.set(value ?? '', (this.counts.get(value ?? '') ?? 0) + 1);
    return i;
  }

  /** The entries of the first satisfying window that contains entry `at`, or null. */
  fire(spec: WindowSpec, at: number, scratch: Set<string>): Entry[] | null {
    const ts = this.ts;
    const n = ts.length;
    // Too few entries (or distinct values) alive for any window: the common case, decided in O(1).
    if (n - this.head < (spec.type === 'event_count' ? spec.gte : spec.type === 'value_count' ? 1 : spec.dets)) return null;
    if (this.counts && this.counts.size < spec.gte) return null;
    const t = ts[at];
    // Windows [s, s + span] containing entry `at`: starts from the first entry ≥ t − span up to it.
    let i = lowerBound(ts, this.head, n, t - spec.spanMs);
    let j = at;
    let lastEnd = -1;
    for (; i <= at; i++) {
      const end = ts[i] + spec.spanMs;
      while (j + 1 < n && ts[j + 1] <= end) j++;
      // A later start with the same end holds a subset of the entries: it cannot fire if this did not.
      if (j === lastEnd) continue;
      lastEnd = j;
      if (this.satisfied(spec, i, j, scratch)) return this.entries(i, j);
      // This window reaches the newest entry: every later start holds a subset of it.
      if (j === n - 1) break;
    }
    return null;
  }

  private entries(from: number, to: number): Entry[] {
    const out: Entry[] = [];
    for (let k = from; k <= to; k++) out.push(entryOf(this.ts[k], this.dets[k], this.recs[k], this.vals?.[k]));
    return out;
  }

  private satisfied(spec: WindowSpec, from: number, to: number, scratch: Set<string>): boolean {
    switch (spec.type) {
      case 'event_count':
        return to - from + 1 >= spec.gte;
      case 'value_count': {
        if (to - from + 1 < spec.gte) return false;
        const vals = this.vals!;
        scratch.clear();
        for (let k = from; k <= to; k++) {
          scratch.add(vals[k]);
          if (scratch.size >= spec.gte) return true;
        }
        return false;
      }
      case 'temporal': {
        const dets = this.dets;
        const all = (1 << spec.dets) - 1;
        let seen = 0;
        for (let k = from; k <= to && seen !== all; k++) seen |= 1 << dets[k];
        return seen === all;
      }
      case 'temporal_ordered': {
        // Entries are in time order, so a greedy walk finds the listed order if it exists.
        const dets = this.dets;
        let next = 0;
        for (let k = from; k <= to && next < spec.dets; k++) if (dets[k] === next) next++;
        return next === spec.dets;
      }
    }
  }
}

function uncount(counts: Map<string, number>, v: string) {
  const c = counts.get(v)!;
  if (c <= 1) counts.delete(v);
  else counts.set(v, c - 1);
}

/** Index of the first time ≥ t in ts[lo, hi) (sorted). */
export function lowerBound(ts: number[], lo: number, hi: number, t: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
