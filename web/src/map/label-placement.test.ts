import { describe, expect, it } from 'vitest';
import { placeLabels, type LabelToPlace } from './label-placement.ts';

const label = (left: number, top: number, calm: boolean, areaPx = 100): LabelToPlace => ({
  box: { left, top, right: left + 120, bottom: top + 16 },
  calm,
  areaPx,
});

describe('placeLabels', () => {
  it('leaves labels that do not touch where they are', () => {
    expect(placeLabels([label(0, 0, false), label(200, 0, true)])).toEqual([
      { hidden: false, dy: 0 },
      { hidden: false, dy: 0 },
    ]);
  });

  it('hides a calm label that would cover one needing attention, whatever the order given', () => {
    expect(placeLabels([label(10, 4, true, 9999), label(0, 0, false, 1)])).toEqual([
      { hidden: true, dy: 0 },
      { hidden: false, dy: 0 },
    ]);
  });

  it('moves a label needing attention to the nearest free row instead of hiding it', () => {
    const [big, small] = placeLabels([label(0, 100, false, 500), label(30, 105, false, 50)]);
    expect(big).toEqual({ hidden: false, dy: 0 });
    expect(small.hidden).toBe(false);
    expect(small.dy).toBe(13); // just below the first, with a 2 px gap: 118–134 clears 100–116
  });

  it('tries above when the row below is taken', () => {
    const places = placeLabels([label(0, 100, false, 500), label(0, 118, false, 400), label(0, 102, false, 300)]);
    expect(places).toEqual([
      { hidden: false, dy: 0 },
      { hidden: false, dy: 0 },
      { hidden: false, dy: -20 }, // 82–98: just above the first label (below it is the second)
    ]);
  });

  it('keeps a label needing attention where it is, overlapping, when every row within reach is taken', () => {
    // Every row within two label heights of 101 taken by larger zones, 2 px apart.
    const crowd = [47, 65, 83, 101, 119, 137, 155].map((top, k) => label(0, top, false, 1000 - k));
    const places = placeLabels([...crowd, label(0, 101, false, 1)]);
    expect(places.at(-1)).toEqual({ hidden: false, dy: 0 });
    expect(places.every((p) => !p.hidden)).toBe(true);
  });
});

describe('placeLabels with boxes the browser measured', () => {
  it('reads DOMRect-like boxes whose sides are getters (as getBoundingClientRect returns)', () => {
    class Rect {
      constructor(
        private x: number,
        private y: number,
      ) {}
      get left() {
        return this.x;
      }
      get right() {
        return this.x + 120;
      }
      get top() {
        return this.y;
      }
      get bottom() {
        return this.y + 16;
      }
    }
    const places = placeLabels([
      { box: new Rect(0, 100), calm: false, areaPx: 3 },
      { box: new Rect(20, 105), calm: false, areaPx: 2 },
      { box: new Rect(40, 110), calm: false, areaPx: 1 },
    ]);
    expect(places.map((p) => p.dy)).toEqual([0, 13, 26]); // the third goes below the moved second
  });
});
