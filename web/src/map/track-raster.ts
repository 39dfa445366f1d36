// One frame of the track layer as raw pixels: sprites (map/track-sprites.ts) are copied in as
// 32-bit words at precomputed offsets, then the frame goes to the canvas in one putImageData.
// Pixels are RGBA bytes read as little-endian words (alpha in the top byte), which is every
// platform a browser runs on today.
import type { Sprite } from './track-sprites.ts';

/** A sprite made ready for this frame width and an opacity. */
export interface PreparedSprite {
  sprite: Sprite;
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
  private prepared = new Map<Sprite, Map<number, PreparedSprite>>();

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

  /** A sprite ready to blit at an opacity 0–1 (cached; call after begin). */
  prepare(sprite: Sprite, opacity: number): PreparedSprite {
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
    ready = { sprite, offsets, words, reach };
    byOpacity.set(opacity, ready);
    return ready;
  }

  /** Paints a prepared sprite centred on device pixel (cx, cy), over what is there. */
  blit(ready: PreparedSprite, cx: number, cy: number): void {
    const { offsets, words: src, reach } = ready;
    const dst = this.words;
    const w = this.width;
    const h = this.height;
    const base = cy * w + cx;
    if (cx >= reach && cy >= reach && cx < w - reach && cy < h - reach) {
      for (let p = 0; p < offsets.length; p++) {
        const at = base + offsets[p];
        const s = src[p];
        // The more opaque pixel wins: exact where shapes do not touch (nearly everywhere), and
        // where they do an anti-aliased edge never punches a hole into a neighbour.
        if (s >>> 24 === 255 || s >>> 24 > dst[at] >>> 24) dst[at] = s;
      }
      return;
    }
    const { dx, dy } = ready.sprite;
    for (let p = 0; p < offsets.length; p++) {
      const x = cx + dx[p];
      const y = cy + dy[p];
      if (x < 0 || y < 0 || x >= w || y >= h) continue;
      const at = base + offsets[p];
      const s = src[p];
      if (s >>> 24 === 255 || s >>> 24 > dst[at] >>> 24) dst[at] = s;
    }
  }
}
