// How much garbage V8 lets pile up before a full collection. After each one, V8 sets the next
// limit at what was live times a factor it picks from its own speed: up to 4 under load. At
// 2,000 records/s the embedded default's V8 heap then saws between ~250 and ~900 MB (its live
// data ~300 MB: correlation windows, mostly), and RSS between 0.8 and 1.4 GB, with no leak
// behind it. A fixed factor of 1.5 keeps the heap within 1.5× of what is live, at the cost of
// more frequent (concurrent) full collections. V8 reads the flag at every collection, so it
// may be set once the process runs.
import { setFlagsFromString } from 'node:v8';

export function limitHeapGrowth(percent: number | undefined): void {
  if (percent) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
