// How much garbage V8 lets pile up before a full collection. After each one, V8 sets the next
// limit at what was live times a factor it picks from its own speed: up to 4 under load. At
// 2,000 records/s the embedded default's V8 heap then saws between ~250 and ~900 MB (its live
// data ~300 MB: correlation windows, mostly), and RSS between 0.8 and 1.4 GB, with no leak
// behind it. A fixed factor of 1.5 keeps the heap within 1.5× of what is live, at the cost of
// more frequent (concurrent) full collections. V8 reads the flag at every collection, so it
// may be set once the process runs.
//
// Compaction: V8 moves live objects out of fragmented pages only when its heuristics find it
// worth it. Correlation's windows keep every record for minutes, promoted among short-lived
// objects that die around them, so old-space pages end part-empty and V8 kept taking new ones:
// in a 10-min embedded soak at 2,000 records/s (after a 7-min warm-up) the heap's total rose
// 440 → 680 MB while what was live after each collection stayed ~250–300 MB. Compacting at
// every full collection keeps the total within ~30 MB of what is used (same soak), for ~5–10 %
// more CPU. Both flags are read at each collection, so they may be set once the process runs.
import { setFlagsFromString } from 'node:v8';

export function limitHeapGrowth(percent: number | undefined, compact = false): void {
  if (percent) setFlagsFromString(`--heap-growing-percent=${percent}`);
  if (compact) setFlagsFromString('--compact-on-every-full-gc');
}
