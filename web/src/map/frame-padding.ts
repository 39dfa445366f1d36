// Where on the map a framed zone may go: the map's own box less what floats over it (the
// legend at the bottom left, the replay banner at the top). The legend is avoided on the side
// that leaves the larger free area: beside it when it is tall, above it when it is wide.

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface FramePadding {
  /** Leaflet's fitBounds paddingTopLeft / paddingBottomRight, pixels. */
  topLeft: [number, number];
  bottomRight: [number, number];
}

const MARGIN = 24;

/** `map` and `covers` in the same (page) coordinates; covers outside the map are ignored. */
export function framePadding(map: Box, covers: readonly Box[]): FramePadding {
  const w = map.right - map.left;
  const h = map.bottom - map.top;
  let left = MARGIN;
  let top = MARGIN;
  let right = MARGIN;
  let bottom = MARGIN;
  for (const c of covers) {
    const inside = c.right > map.left && c.left < map.right && c.bottom > map.top && c.top < map.bottom;
    if (!inside || c.right <= c.left || c.bottom <= c.top) continue;
    // Each way of stepping around it, and the area it leaves.
    const ways = [
      { side: 'left', px: c.right - map.left, area: (map.right - c.right) * h },
      { side: 'right', px: map.right - c.left, area: (c.left - map.left) * h },
      { side: 'top', px: c.bottom - map.top, area: (map.bottom - c.bottom) * w },
      { side: 'bottom', px: map.bottom - c.top, area: (c.top - map.top) * w },
    ].sort((a, b) => b.area - a.area);
    const best = ways[0];
    const px = best.px + MARGIN;
    if (best.side === 'left') left = Math.max(left, px);
    else if (best.side === 'right') right = Math.max(right, px);
    else if (best.side === 'top') top = Math.max(top, px);
    else bottom = Math.max(bottom, px);
  }
  return { topLeft: [left, top], bottomRight: [right, bottom] };
}

/** Whether two boxes overlap (the legend over a zone on screen). */
export function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}
