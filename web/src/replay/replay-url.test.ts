import { describe, expect, it } from 'vitest';
import { cursorFromHash, hashWithCursor } from './replay-url.ts';

describe('the replay cursor in the address', () => {
  it('reads the moment a link was made at, and ignores a damaged one', () => {
    expect(cursorFromHash('#/map?at=2025-03-14T02:12:00.000Z')).toBe(Date.parse('2025-03-14T02:12:00Z'));
    expect(cursorFromHash('#/map?at=yesterday')).toBeNull();
    expect(cursorFromHash('#/map')).toBeNull();
  });

  it('writes the moment readably and removes it going back to live', () => {
    const at = Date.parse('2025-03-14T02:12:00Z');
    expect(hashWithCursor('', at)).toBe('#/map?at=2025-03-14T02:12:00.000Z');
    expect(hashWithCursor('#/map?at=2025-03-14T02:12:00.000Z', null)).toBe('#/map');
    expect(cursorFromHash(hashWithCursor('#/map', at))).toBe(at);
  });
});
