// "3 min ago" — how long ago something happened, in the words a glance can take in.
export function formatAge(sinceIso: string, nowMs: number): string {
  const then = Date.parse(sinceIso);
  if (!Number.isFinite(then)) return '';
  // Clamped: a server clock slightly ahead of ours must not show "in 2 s".
  const s = Math.max(0, Math.floor((nowMs - then) / 1000));
  if (s < 10) return 'just now';
  if (s < 60) return `${s} s ago`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min ago` : `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}
