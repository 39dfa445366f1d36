// An analyst's bookmarks on the time bar: a moment and a note, kept in this browser's
// localStorage per site (not shared, not on the server; the bar says so).

export interface Bookmark {
  /** Epoch ms. */
  at: number;
  note: string;
}

export const bookmarksKey = (siteId: string) => `portwatch.replay-bookmarks.${siteId}`;

/** The site's bookmarks in time order; a damaged entry is dropped, not a crash. */
export function loadBookmarks(siteId: string, storage: Pick<Storage, 'getItem'> = localStorage): Bookmark[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage.getItem(bookmarksKey(siteId)) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed
    .filter((b): b is Bookmark => Number.isFinite(b?.at) && typeof b?.note === 'string')
    .sort((a, b) => a.at - b.at);
}

export function saveBookmarks(
  siteId: string,
  list: readonly Bookmark[],
  storage: Pick<Storage, 'setItem'> = localStorage,
): void {
  storage.setItem(bookmarksKey(siteId), JSON.stringify([...list].sort((a, b) => a.at - b.at)));
}
