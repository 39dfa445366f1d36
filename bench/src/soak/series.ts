// How flat a series of samples is after warm-up: the spread (max over min) the target is
// judged by, and the trend, which tells a leak (steady rise) from a sawtooth (garbage
// collection, a sweep) of the same spread.
export interface Flatness {
  samples: number;
  first: number;
  last: number;
  min: number;
  max: number;
  /** (max − min) / min, in percent: the soak's target is ≤ 10. */
  spreadPct: number;
  /** Least-squares slope over the samples, per minute. */
  slopePerMin: number;
  /**
   * The spread of the per-minute minima: what the process holds after its collections. A
   * sample taken mid-collection (compaction copies before it frees) or at the top of a
   * sawtooth widens `spreadPct` but not this; a leak widens both.
   */
  floorSpreadPct: number;
}

export function flatness(values: number[], intervalS: number): Flatness | null {
  const v = values.filter((x) => Number.isFinite(x));
  if (v.length < 2) return null;
  const min = Math.min(...v);
  const max = Math.max(...v);
  const n = v.length;
  const meanX = (n - 1) / 2;
  const meanY = v.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (i - meanX) * (v[i] - meanY);
    den += (i - meanX) ** 2;
  }
  return {
    samples: n,
    first: v[0],
    last: v[n - 1],
    min,
    max,
    spreadPct: ((max - min) / min) * 100,
    slopePerMin: (num / den) * (60 / intervalS),
    floorSpreadPct: spread(minuteMinima(values, intervalS)),
  };
}

function spread(v: number[]): number {
  return v.length ? ((Math.max(...v) - Math.min(...v)) / Math.min(...v)) * 100 : NaN;
}

/** The least sample of each whole minute (a trailing part-minute is left out). */
function minuteMinima(values: number[], intervalS: number): number[] {
  const per = Math.max(1, Math.round(60 / intervalS));
  const minima: number[] = [];
  for (let i = 0; i + per <= values.length; i += per) {
    const minute = values.slice(i, i + per).filter((x) => Number.isFinite(x));
    if (minute.length) minima.push(Math.min(...minute));
  }
  return minima;
}
