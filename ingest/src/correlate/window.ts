// The live window of one rule group: matching entries in event-time order, and the question
// "does some window of the rule's timespan that contains the new entry now satisfy the rule?".
// Entries that can no longer share a window with anything on time are dropped lazily.
// Kept as parallel arrays (times, detections, the indicator's shared record): a match costs no
// object of its own, and scans over times touch only numbers. Entry objects are made only for
// a firing, which is rare. Times travel inside objects (the record, the spec), not as loose
// arguments: optimized code boxes every double it passes to a call, which made the collector
// the largest cost of correlation.
import type { Indicator } from '@portwatch/schema';
import type { CorrelationType } from './rule.ts';

/** What the windows keep of an indicator: one per indicator, shared by every rule it joins. */
export interface Rec {
  /** Event time (ms). */
  t: number;
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
  detection: number;
  zoneId: string;
  domain: Indicator['domain'];
  assetId?: string;
  /** value_count: the counted field's value. */
  value?: string;
}

export function entryOf(t: number, detection: number, rec: Rec, value?: string): Entry {
  const e: Entry = { t, id: rec.id, detection, zoneId: rec.zoneId, domain: rec.domain };
  if (rec.assetId) e.assetId = rec.assetId;
  if (value !== undefined) e.value = value;
  return e;
}

export interface WindowSpec {
  type: Exclude<CorrelationType, 'absence'>;
  spanMs: number;
  detectionCount: number;
  gte: number;
  /** The rule's watermark for the record being added (set by the engine before add()). */
  watermark: number;
}

export class Window {
  // Buffers: live entries are [head, n); slots past n are spare capacity, reused before growing.
  private ts: number[] = [];
  private detections: number[] = [];
  private recs: (Rec | null)[] = [];
  /** value_count only: the counted values, and how often each occurs among the live entries. */
  private readonly vals: string[] | null;
  private readonly counts: Map<string, number> | null;
  private head = 0;
  private n = 0;

  constructor(counted: boolean) {
    this.vals = counted ? [] : null;
    this.counts = counted ? new Map() : null;
  }

  get size(): number {
    return this.n - this.head;
  }

  /**
   * Adds a matching record (in time order) after dropping what can no longer share a window
   * with it; returns its index, or -1 for a redelivery.
   */
  add(rec: Rec, detection: number, value: string | undefined, spec: WindowSpec): number {
    const t = rec.t;
    this.prune((spec.watermark < t ? spec.watermark : t) - spec.spanMs);
    if (this.has(rec.id, detection, t)) return -1;
    return this.insert(t, detection, rec, value);
  }

  /** Drops entries older than `horizon`. */
  prune(horizon: number) {
    const ts = this.ts;
    let h = this.head;
    const n = this.n;
    if (h >= n || ts[h] >= horizon) return;
    const counts = this.counts;
    while (h < n && ts[h] < horizon) {
      if (counts) uncount(counts, this.vals![h]);
      this.recs[h] = null;
      h++;
    }
    this.head = h;
    if (h === n) {
      this.head = this.n = 0;
    } else if (h > 32 && h * 2 > n) {
      // Move the live entries to the front (in place: the buffers keep their capacity).
      ts.copyWithin(0, h, n);
      this.detections.copyWithin(0, h, n);
      this.recs.copyWithin(0, h, n);
      this.vals?.copyWithin(0, h, n);
      this.recs.fill(null, n - h, n);
      this.n = n - h;
      this.head = 0;
    }
  }

  /** Already holds this record (a redelivery has the same event time, so only those are looked at). */
  private has(id: string, detection: number, t: number): boolean {
    const ts = this.ts;
    const n = this.n;
    if (n === this.head || ts[n - 1] < t) return false;
    for (let i = lowerBound(ts, this.head, n, t); i < n && ts[i] === t; i++)
      if (this.detections[i] === detection && this.recs[i]!.id === id) return true;
    return false;
  }

  /** Inserts in time order (arrivals are mostly in order: a scan from the end); returns the index. */
  private insert(t: number, detection: number, rec: Rec, value: string | undefined): number {
    const ts = this.ts;
    const n = this.n;
    let i = n;
    while (i > this.head && ts[i - 1] > t) i--;
    if (n === ts.length) {
      // Grow by one slot (the arrays grow their capacity geometrically).
      ts.push(0);
      this.detections.push(0);
      this.recs.push(null);
      this.vals?.push('');
    }
    if (i < n) {
      ts.copyWithin(i + 1, i, n);
      this.detections.copyWithin(i + 1, i, n);
      this.recs.copyWithin(i + 1, i, n);
      this.vals?.copyWithin(i + 1, i, n);
    }
    ts[i] = t;
    this.detections[i] = detection;
    this.recs[i] = rec;
    const v = value ?? '';
    if (this.vals) this.vals[i] = v;
    if (this.counts) this.counts.set(v, (this.counts.get(v) ?? 0) + 1);
    this.n = n + 1;
    return i;
  }

  /** The entries of the first satisfying window that contains entry `at`, or null. */
  fire(spec: WindowSpec, at: number, distinctValues: Set<string>): Entry[] | null {
    const ts = this.ts;
    const n = this.n;
    // Too few entries (or distinct values) alive for any window: the common case, decided in O(1).
    if (
      n - this.head <
      (spec.type === 'event_count' ? spec.gte : spec.type === 'value_count' ? 1 : spec.detectionCount)
    )
      return null;
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
      if (this.satisfied(spec, i, j, distinctValues)) return this.entries(i, j);
      // This window reaches the newest entry: every later start holds a subset of it.
      if (j === n - 1) break;
    }
    return null;
  }

  private entries(from: number, to: number): Entry[] {
    const out: Entry[] = [];
    for (let k = from; k <= to; k++) out.push(entryOf(this.ts[k], this.detections[k], this.recs[k]!, this.vals?.[k]));
    return out;
  }

  private satisfied(spec: WindowSpec, from: number, to: number, distinctValues: Set<string>): boolean {
    switch (spec.type) {
      case 'event_count':
        return to - from + 1 >= spec.gte;
      case 'value_count': {
        if (to - from + 1 < spec.gte) return false;
        const vals = this.vals!;
        distinctValues.clear();
        for (let k = from; k <= to; k++) {
          distinctValues.add(vals[k]);
          if (distinctValues.size >= spec.gte) return true;
        }
        return false;
      }
      case 'temporal': {
        const detections = this.detections;
        const all = (1 << spec.detectionCount) - 1;
        let seen = 0;
        for (let k = from; k <= to && seen !== all; k++) seen |= 1 << detections[k];
        return seen === all;
      }
      case 'temporal_ordered': {
        // Entries are in time order, so a greedy walk finds the listed order if it exists.
        const detections = this.detections;
        let next = 0;
        for (let k = from; k <= to && next < spec.detectionCount; k++) if (detections[k] === next) next++;
        return next === spec.detectionCount;
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
