import { describe, it, expect } from 'vitest';
import { ReadProgress, type PartitionEnds } from './read-progress.ts';

const ends = (list: PartitionEnds[]) => async (): Promise<PartitionEnds[]> => list;
const settled = async (p: Promise<void>) => {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((r) => setTimeout(r, 60));
  return done;
};

describe('ReadProgress', () => {
  it('waits for the first assignment and the rewind, then until each partition is handled to its end', async () => {
    const progress = new ReadProgress(false);
    const caught = progress.caughtUp(
      ends([
        { partition: 0, low: '0', high: '10' },
        { partition: 1, low: '0', high: '4' },
      ]),
      () => true,
    );
    expect(await settled(caught)).toBe(false);
    let rewound!: () => void;
    progress.assigned({ t: [0, 1] }, new Promise<void>((r) => (rewound = r)));
    progress.sought('t', 0, '6');
    progress.sought('t', 1, '4'); // nothing in the window: already at its end
    rewound();
    progress.handled('t', 0, '8');
    expect(await settled(caught)).toBe(false);
    progress.handled('t', 0, '9');
    expect(await settled(caught)).toBe(true);
  });

  it('a partition neither sought nor read starts at its oldest record with fromBeginning, else at its end', async () => {
    const partitions = ends([{ partition: 0, low: '2', high: '5' }]);
    const fromEnd = new ReadProgress(false);
    fromEnd.assigned({ t: [0] }, Promise.resolve());
    expect(await settled(fromEnd.caughtUp(partitions, () => true))).toBe(true);
    const fromOldest = new ReadProgress(true);
    fromOldest.assigned({ t: [0] }, Promise.resolve());
    const caught = fromOldest.caughtUp(partitions, () => true);
    expect(await settled(caught)).toBe(false);
    fromOldest.handled('t', 0, '4');
    expect(await settled(caught)).toBe(true);
  });
});
