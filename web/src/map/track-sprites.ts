// The track shapes painted once per colour, one per shape and per 10° of heading, and kept as
// the list of pixels each covers. Without a GPU (what the map must hold up on) Chromium
// rasterises 20,000 anti-aliased canvas paths in ~100 ms, and 20,000 drawImage calls cost about
// as much; copying these few pixels per track (map/track-raster.ts) costs a few milliseconds.
import type { TrackLook } from './track-look.ts';

/** Arrow headings are drawn in steps of this many degrees. */
export const HEADING_STEP = 10;
const ARROWS = 360 / HEADING_STEP;
/** Sprite side in CSS pixels: the 16 px arrow turned, plus anti-aliasing room. */
export const SPRITE_CSS = 22;
/** Sprites per set: an arrow per heading step, the dot, the diamond. */
export const SPRITES_PER_SET = ARROWS + 2;
/**
 * The sets, by how many tracks share the view: full size; compact when thousands do (full-size
 * arrows would overlap into one blot, and are three times the pixels to copy); dense beyond
 * that, still an arrow, a dot or a diamond in its colour.
 */
export const SPRITE_SETS = [
  { scale: 1, above: 0 },
  { scale: 0.55, above: 4_000 },
  { scale: 0.4, above: 20_000 },
] as const;

/** Index of the first sprite of the set for `inView` tracks. */
export function spriteSetStart(inView: number): number {
  let set = 0;
  SPRITE_SETS.forEach((s, i) => {
    if (inView > s.above) set = i;
  });
  return set * SPRITES_PER_SET;
}

/** Which sprite of the strip a look is: an arrow per heading step, then the dot, the diamond. */
export function spriteIndex(look: Pick<TrackLook, 'shape' | 'heading'>): number {
  if (look.shape === 'dot') return ARROWS;
  if (look.shape === 'diamond') return ARROWS + 1;
  return Math.round(look.heading / HEADING_STEP) % ARROWS;
}

function paintShape(ctx: CanvasRenderingContext2D, index: number): void {
  ctx.beginPath();
  if (index === ARROWS) {
    ctx.arc(0, 0, 5, 0, 2 * Math.PI);
  } else if (index === ARROWS + 1) {
    ctx.moveTo(0, -8.5);
    ctx.lineTo(8.5, 0);
    ctx.lineTo(0, 8.5);
    ctx.lineTo(-8.5, 0);
  } else {
    // The legend's arrowhead (its CSS clip-path in styles/map.css), pointing north, then turned.
    ctx.rotate((index * HEADING_STEP * Math.PI) / 180);
    ctx.moveTo(0, -8);
    ctx.lineTo(6.72, 8);
    ctx.lineTo(0, 4.16);
    ctx.lineTo(-6.72, 8);
  }
  ctx.closePath();
  ctx.fill();
}

/** One shape in one colour, as the pixels it covers around its centre. */
export interface Sprite {
  dx: Int16Array;
  dy: Int16Array;
  /** Coverage 0–255 of each pixel (anti-aliased edges are partial). */
  cover: Uint8Array;
  r: number;
  g: number;
  b: number;
}

export class TrackSprites {
  private byColor = new Map<string, Sprite[]>();
  private ratio = 0;

  /**
   * The sprites of a colour at a device pixel ratio: SPRITES_PER_SET per set of SPRITE_SETS, in
   * order. Rebuilt when the ratio changes (page zoom).
   */
  sprites(color: string, ratio: number): Sprite[] {
    if (ratio !== this.ratio) {
      this.byColor.clear();
      this.ratio = ratio;
    }
    let list = this.byColor.get(color);
    if (!list) {
      list = SPRITE_SETS.flatMap((set) => paintSprites(color, ratio * set.scale));
      this.byColor.set(color, list);
    }
    return list;
  }
}

function paintSprites(color: string, ratio: number): Sprite[] {
  const size = Math.ceil(SPRITE_CSS * ratio);
  const canvas = document.createElement('canvas');
  canvas.width = size * (ARROWS + 2);
  canvas.height = size;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return [];
  ctx.fillStyle = color;
  for (let i = 0; i < ARROWS + 2; i++) {
    ctx.setTransform(ratio, 0, 0, ratio, (i + 0.5) * size, size / 2);
    paintShape(ctx, i);
  }
  const { data } = ctx.getImageData(0, 0, canvas.width, size);
  const sprites: Sprite[] = [];
  for (let i = 0; i < ARROWS + 2; i++) {
    const dx: number[] = [];
    const dy: number[] = [];
    const cover: number[] = [];
    let rgb = [0, 0, 0];
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const at = (y * canvas.width + i * size + x) * 4;
        if (!data[at + 3]) continue;
        dx.push(x - (size >> 1));
        dy.push(y - (size >> 1));
        cover.push(data[at + 3]);
        if (data[at + 3] === 255) rgb = [data[at], data[at + 1], data[at + 2]];
      }
    sprites.push({
      dx: Int16Array.from(dx),
      dy: Int16Array.from(dy),
      cover: Uint8Array.from(cover),
      r: rgb[0],
      g: rgb[1],
      b: rgb[2],
    });
  }
  return sprites;
}
