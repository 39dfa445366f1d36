import { describe, expect, it } from 'vitest';
import { bookmarksKey, loadBookmarks, saveBookmarks } from './bookmarks.ts';

function memory(): Storage {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) } as Storage;
}

describe('replay bookmarks', () => {
  it('are kept per site, in time order', () => {
    const s = memory();
    saveBookmarks(
      'valencia',
      [
        { at: 20, note: 'door forced' },
        { at: 10, note: 'PLC write' },
      ],
      s,
    );
    expect(loadBookmarks('valencia', s).map((b) => b.note)).toEqual(['PLC write', 'door forced']);
    expect(loadBookmarks('piraeus', s)).toEqual([]);
  });

  it('survive a damaged entry without losing the good ones', () => {
    const s = memory();
    s.setItem(
      bookmarksKey('valencia'),
      JSON.stringify([
        { at: 'x', note: 1 },
        { at: 5, note: 'ok' },
      ]),
    );
    expect(loadBookmarks('valencia', s)).toEqual([{ at: 5, note: 'ok' }]);
    s.setItem(bookmarksKey('valencia'), '{not json');
    expect(loadBookmarks('valencia', s)).toEqual([]);
  });
});
