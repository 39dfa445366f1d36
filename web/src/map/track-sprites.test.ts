import { describe, expect, it } from 'vitest';
import { HEADING_STEP, SPRITES_PER_SET, spriteIndex, spriteSetStart } from './track-sprites.ts';

describe('track sprites', () => {
  it('turns an arrow to the nearest heading step, and keeps dot and diamond apart', () => {
    expect(spriteIndex({ shape: 'arrow', heading: 0 })).toBe(0);
    expect(spriteIndex({ shape: 'arrow', heading: 94 })).toBe(90 / HEADING_STEP);
    expect(spriteIndex({ shape: 'arrow', heading: 356 })).toBe(0); // wraps to north
    const dot = spriteIndex({ shape: 'dot', heading: 0 });
    const diamond = spriteIndex({ shape: 'diamond', heading: 0 });
    expect(new Set([dot, diamond, spriteIndex({ shape: 'arrow', heading: 350 })]).size).toBe(3);
    expect(Math.max(dot, diamond)).toBe(SPRITES_PER_SET - 1);
  });

  it('draws smaller shapes as the view fills with tracks', () => {
    expect(spriteSetStart(1)).toBe(0);
    expect(spriteSetStart(4_000)).toBe(0);
    expect(spriteSetStart(5_000)).toBe(SPRITES_PER_SET);
    expect(spriteSetStart(50_000)).toBe(2 * SPRITES_PER_SET);
  });
});
