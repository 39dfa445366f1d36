import { beforeAll, describe, expect, it } from 'vitest';
import { TrackRaster } from './track-raster.ts';
import type { Sprite } from './track-sprites.ts';

beforeAll(() => {
  // jsdom has no ImageData without a canvas package; the raster only needs its shape.
  if (typeof ImageData === 'undefined')
    globalThis.ImageData = class {
      data: Uint8ClampedArray;
      constructor(
        readonly width: number,
        readonly height: number,
      ) {
        this.data = new Uint8ClampedArray(width * height * 4);
      }
    } as unknown as typeof ImageData;
});

/** A 3×3 square, solid in the middle row, half-covered above and below. */
const square: Sprite = {
  dx: Int16Array.from([-1, 0, 1, -1, 0, 1, -1, 0, 1]),
  dy: Int16Array.from([-1, -1, -1, 0, 0, 0, 1, 1, 1]),
  cover: Uint8Array.from([128, 128, 128, 255, 255, 255, 128, 128, 128]),
  r: 0xff,
  g: 0x6b,
  b: 0x6b,
};

function pixel(raster: TrackRaster, x: number, y: number): number[] {
  const at = (y * raster.image!.width + x) * 4;
  return [...raster.image!.data.slice(at, at + 4)];
}

describe('track raster', () => {
  it('paints a sprite in its colour with its coverage, faded by the opacity', () => {
    const raster = new TrackRaster();
    raster.begin(10, 10);
    raster.blit(raster.prepare(square, 1), 2, 2);
    raster.blit(raster.prepare(square, 0.4), 7, 7);
    expect(pixel(raster, 2, 2)).toEqual([0xff, 0x6b, 0x6b, 255]);
    expect(pixel(raster, 2, 1)).toEqual([0xff, 0x6b, 0x6b, 128]);
    expect(pixel(raster, 7, 7)).toEqual([0xff, 0x6b, 0x6b, 102]);
    expect(pixel(raster, 5, 5)).toEqual([0, 0, 0, 0]);
  });

  it('clips at the edges instead of wrapping onto the other side of the map', () => {
    const raster = new TrackRaster();
    raster.begin(10, 10);
    raster.blit(raster.prepare(square, 1), 9, 0);
    expect(pixel(raster, 9, 0)).toEqual([0xff, 0x6b, 0x6b, 255]);
    expect(pixel(raster, 0, 0)).toEqual([0, 0, 0, 0]); // not the wrapped right neighbour
    expect(pixel(raster, 0, 1)).toEqual([0, 0, 0, 0]);
  });

  it('keeps a solid shape whole where a neighbour’s soft edge overlaps it', () => {
    const raster = new TrackRaster();
    raster.begin(10, 10);
    raster.blit(raster.prepare(square, 1), 4, 4);
    raster.blit(raster.prepare({ ...square, r: 0x66, g: 0xd9, b: 0xe8 }, 1), 4, 6);
    expect(pixel(raster, 4, 4)).toEqual([0xff, 0x6b, 0x6b, 255]);
    expect(pixel(raster, 4, 5)).toEqual([0xff, 0x6b, 0x6b, 128]); // equal cover: the first stays
    expect(pixel(raster, 4, 6)).toEqual([0x66, 0xd9, 0xe8, 255]);
  });

  it('starts each frame empty', () => {
    const raster = new TrackRaster();
    raster.begin(10, 10);
    raster.blit(raster.prepare(square, 1), 4, 4);
    raster.begin(10, 10);
    expect(pixel(raster, 4, 4)).toEqual([0, 0, 0, 0]);
  });
});
