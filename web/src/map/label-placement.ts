// Where zone labels go on a zoomed-out plan, where the labels of small neighbouring zones
// pile up. Labels are placed in priority order — zones that need attention first, then the
// largest on screen. A calm zone's label is hidden where it would cover one already placed
// (hovering the zone still names it); a label that needs attention is never hidden: it is
// moved up or down to the nearest free row (just clear of a label in its way), and stays put when
// there is none within reach (overlapping beats missing).

export interface LabelBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface LabelToPlace {
  box: LabelBox;
  calm: boolean;
  /** Screen area of its zone: the larger zone's label wins among equals. */
  areaPx: number;
}

export interface LabelPlace {
  hidden: boolean;
  /** Vertical shift in px from where the label was measured. */
  dy: number;
}

const GAP = 2;
/** How far a label may move from its zone's centre, in label heights. */
const REACH = 2;

const overlaps = (a: LabelBox, b: LabelBox) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

// Field by field: a DOMRect's sides are getters, which a spread would not copy.
const shifted = (b: LabelBox, dy: number): LabelBox => ({
  left: b.left,
  right: b.right,
  top: b.top + dy,
  bottom: b.bottom + dy,
});

/** One place for each label, in the order given. */
export function placeLabels(labels: readonly LabelToPlace[]): LabelPlace[] {
  const out: LabelPlace[] = labels.map(() => ({ hidden: false, dy: 0 }));
  const order = labels
    .map((l, i) => ({ ...l, i }))
    .sort((a, b) => Number(a.calm) - Number(b.calm) || b.areaPx - a.areaPx);
  const placed: LabelBox[] = [];
  for (const l of order) {
    const free = (box: LabelBox) => !placed.some((p) => overlaps(box, p));
    if (free(l.box)) {
      placed.push(shifted(l.box, 0));
      continue;
    }
    if (l.calm) {
      out[l.i] = { hidden: true, dy: 0 };
      continue;
    }
    // Candidate rows: just below or just above each label in the way, nearest first.
    const height = l.box.bottom - l.box.top;
    const shifts = placed
      .filter((p) => l.box.left < p.right && p.left < l.box.right)
      .flatMap((p) => [p.bottom + GAP - l.box.top, p.top - GAP - l.box.bottom])
      .filter((d) => Math.abs(d) <= REACH * height)
      .sort((a, b) => Math.abs(a) - Math.abs(b) || b - a);
    const dy = shifts.find((d) => free(shifted(l.box, d))) ?? 0;
    out[l.i] = { hidden: false, dy };
    placed.push(shifted(l.box, dy));
  }
  return out;
}
