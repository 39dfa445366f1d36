// The queue by case: incidents correlation put in one case (same zone, close in time) are one
// row, led by its most severe part, ordered by that severity and then by the newest activity.
// An incident without a case is a case of its own.
import type { Incident } from '@portwatch/schema';

export interface QueueCase {
  /** The case id, or the incident's id when it has none. */
  id: string;
  lead: Incident;
  /** All its parts in the queue, the lead first, then by priority. */
  parts: Incident[];
  /** Newest activity of any part (ms). */
  lastMs: number;
}

function leadFirst(a: Incident, b: Incident): number {
  return b.severity - a.severity || Date.parse(b.lastSeen) - Date.parse(a.lastSeen) || a.id.localeCompare(b.id);
}

export function groupCases(queue: readonly Incident[]): QueueCase[] {
  const byCase = new Map<string, Incident[]>();
  for (const inc of queue) {
    const key = inc.caseId ?? inc.id;
    const list = byCase.get(key);
    if (list) list.push(inc);
    else byCase.set(key, [inc]);
  }
  const cases = [...byCase].map(([id, parts]) => {
    parts.sort(leadFirst);
    return { id, lead: parts[0], parts, lastMs: Math.max(...parts.map((p) => Date.parse(p.lastSeen))) };
  });
  return cases.sort(
    (a, b) =>
      b.lead.severity - a.lead.severity ||
      b.lastMs - a.lastMs ||
      Date.parse(b.lead.firstSeen) - Date.parse(a.lead.firstSeen) ||
      a.id.localeCompare(b.id),
  );
}
