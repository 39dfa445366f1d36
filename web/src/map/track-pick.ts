// Which track is under the pointer. Tracks are bucketed by screen cell once per drawn frame
// (a counting sort into two flat arrays, no per-track allocation), so a hover looks at the
// few tracks in the 3×3 cells around the pointer instead of all 50,000.

export interface ScreenGrid {
  cell: number;
  cols: number;
  rows: number;
  /** Screen positions in CSS pixels, indexed like the drawn tracks. */
  xs: Float32Array;
  ys: Float32Array;
  /** Tracks of cell c are order[start[c] .. start[c + 1]). */
  start: Int32Array;
  order: Int32Array;
}

/** Buckets the first `count` points that fall inside width×height; cells are `cell` px square. */
export function buildScreenGrid(
  xs: Float32Array,
  ys: Float32Array,
  count: number,
  width: number,
  height: number,
  cell: number,
): ScreenGrid {
  const cols = Math.max(1, Math.ceil(width / cell));
  const rows = Math.max(1, Math.ceil(height / cell));
  const start = new Int32Array(cols * rows + 1);
  const cellOf = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const cx = Math.floor(xs[i] / cell);
    const cy = Math.floor(ys[i] / cell);
    const c = cx < 0 || cy < 0 || cx >= cols || cy >= rows ? -1 : cy * cols + cx;
    cellOf[i] = c;
    if (c >= 0) start[c + 1]++;
  }
  for (let c = 0; c < cols * rows; c++) start[c + 1] += start[c];
  const fill = start.slice(0, cols * rows);
  const order = new Int32Array(start[cols * rows]);
  for (let i = 0; i < count; i++) if (cellOf[i] >= 0) order[fill[cellOf[i]]++] = i;
  return { cell, cols, rows, xs, ys, start, order };
}

/**
 * The index of the track nearest to (x, y) within `radius` px, or -1. On a tie the track
 * drawn last wins, because it is the one painted on top.
 */
export function nearestTrack(grid: ScreenGrid, x: number, y: number, radius: number): number {
  const { cell, cols, rows, xs, ys, start, order } = grid;
  const reach = Math.ceil(radius / cell);
  const cx = Math.floor(x / cell);
  const cy = Math.floor(y / cell);
  let best = -1;
  let bestD = radius * radius;
  for (let gy = Math.max(0, cy - reach); gy <= Math.min(rows - 1, cy + reach); gy++) {
    for (let gx = Math.max(0, cx - reach); gx <= Math.min(cols - 1, cx + reach); gx++) {
      const c = gy * cols + gx;
      for (let k = start[c]; k < start[c + 1]; k++) {
        const i = order[k];
        const dx = xs[i] - x;
        const dy = ys[i] - y;
        const d = dx * dx + dy * dy;
        if (d < bestD || (d === bestD && i > best)) {
          bestD = d;
          best = i;
        }
      }
    }
  }
  return best;
}
