// One frame of the track layer as raw pixels: sprites (map/track-sprites.ts) are copied in as
// 32-bit words at precomputed offsets, then the frame goes to the canvas in one putImageData.
// Pixels are RGBA bytes read as little-endian words (alpha in the top byte), which is every
// platform a browser runs on today.
import type { Sprite } from './track-sprites.ts';

interface Prepared {
  /** Offsets from the centre pixel, for this frame width. */
  offsets: Int32Array;
  /** The colour with the pixel's coverage × opacity as alpha. */
  words: Uint32Array;
  /** How far the sprite reaches from its centre, to skip bounds checks away from the edges. */
  reach: number;
}

export class TrackRaster {
  image: ImageData | null = null;
  private words = new Uint32Array(0);
  private width = 0;
  private height = 0;
  private prepared = new Map<Sprite, Map<number, Prepared>>();

  /** A cleared frame of width×height device pixels. */
  begin(width: number, height: number): void {
    if (!this.image || this.width !== width || this.height !== height) {
      this.image = new ImageData(Math.max(1, width), Math.max(1, height));
      if (width !== this.width) this.prepared.clear();
      this.width = width;
      this.height = height;
      this.words = new Uint32Array(this.image.data.buffer);
    } else this.words.fill(0);
  }

  /** Paints a sprite centred on device pixel (cx, cy), at an opacity 0–1, over what is there. */
  blit(sprite: Sprite, cx: number, cy: number, opacity: number): void {
    const { offsets, words: src, reach } = this.prepare(sprite, opacity);
    const dst = this.words;
    const base = cy * this.width + cx;
    const inside = cx >= reach && cy >= reach && cx < this.width - reach && cy < this.height - reach;
    for (let p = 0; p < offsets.length; p++) {
      if (!inside) {
        const x = cx + sprite.dx[p];
        const y = cy + sprite.dy[p];
        if (x < 0 || y < 0 || x >= this.width || y >= this.height) continue;
      }
      const at = base + offsets[p];
      const s = src[p];
      // Fully opaque, or over an empty pixel: a copy. Only overlapping edges are blended.
      if (s >>> 24 === 255) dst[at] = s;
      else {
        const d = dst[at];
        dst[at] = d === 0 ? s : over(s, d);
      }
    }
  }

  private prepare(sprite: Sprite, opacity: number): Prepared {
    let byOpacity = this.prepared.get(sprite);
    if (!byOpacity) this.prepared.set(sprite, (byOpacity = new Map()));
    let ready = byOpacity.get(opacity);
    if (ready) return ready;
    const n = sprite.dx.length;
    const offsets = new Int32Array(n);
    const words = new Uint32Array(n);
    let reach = 0;
    for (let p = 0; p < n; p++) {
      offsets[p] = sprite.dy[p] * this.width + sprite.dx[p];
      const a = Math.round(sprite.cover[p] * opacity);
      words[p] = ((a << 24) | (sprite.b << 16) | (sprite.g << 8) | sprite.r) >>> 0;
      reach = Math.max(reach, Math.abs(sprite.dx[p]) + 1, Math.abs(sprite.dy[p]) + 1);
    }
    ready = { offsets, words, reach };
    byOpacity.set(opacity, ready);
    return ready;
  }
}

/** Source over destination, both unpremultiplied RGBA words. */
function over(s: number, d: number): number {
  const sa = (s >>> 24) / 255;
  const da = (d >>> 24) / 255;
  const oa = sa + da * (1 - sa);
  const ks = sa / oa;
  const kd = (da * (1 - sa)) / oa;
  const r = (s & 255) * ks + (d & 255) * kd;
  const g = ((s >>> 8) & 255) * ks + ((d >>> 8) & 255) * kd;
  const b = ((s >>> 16) & 255) * ks + ((d >>> 16) & 255) * kd;
  return ((Math.round(oa * 255) << 24) | (Math.round(b) << 16) | (Math.round(g) << 8) | Math.round(r)) >>> 0;
}
