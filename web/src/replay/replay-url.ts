// The replay cursor in the address (#/map?at=2026-12-04T03:12:00.000Z), so a link shows the
// same moment to whoever opens it (an analyst; others see live and are told why).

/** The moment in a hash, epoch ms, or null when there is none or it is not a date. */
export function cursorFromHash(hash: string): number | null {
  const q = hash.indexOf('?');
  if (q < 0) return null;
  const at = new URLSearchParams(hash.slice(q + 1)).get('at');
  const t = at ? Date.parse(at) : NaN;
  return Number.isFinite(t) ? t : null;
}

/** The hash with the cursor set (or removed, for live), other parameters kept. */
export function hashWithCursor(hash: string, at: number | null): string {
  const q = hash.indexOf('?');
  const path = (q < 0 ? hash : hash.slice(0, q)).replace(/^#?\/?/, '') || 'map';
  const params = new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
  if (at === null) params.delete('at');
  else params.set('at', new Date(at).toISOString());
  const qs = params.toString();
  return `#/${path}${qs ? `?${qs.replace(/%3A/g, ':')}` : ''}`;
}
