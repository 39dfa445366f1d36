// What the evidence of an incident names: the observables its indicators share (the badge of a
// cloned-badge incident, the MMSI of a spoofed vessel, the IP of an intruder), most telling first.
import type { Indicator, ObservableType } from '@portwatch/schema';

export interface NamedObservable {
  type: ObservableType;
  value: string;
  /** How many of the evidence indicators carry it. */
  count: number;
}

/** Words for the observable types, as an operator says them. */
export const OBSERVABLE_WORD: Record<ObservableType, string> = {
  ip: 'IP',
  hostname: 'Host',
  user: 'User',
  badge: 'Badge',
  mmsi: 'MMSI',
  imo: 'IMO',
  uas_id: 'Drone (UAS id)',
  track_id: 'Track',
  mac: 'MAC',
  asset: 'Asset',
};

/** Indicators oldest first (ties by id, so the order never flickers). */
export function inTimeOrder(list: readonly Indicator[]): Indicator[] {
  return [...list].sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || a.id.localeCompare(b.id));
}

/** Distinct observables across the evidence: the ones most indicators share first. */
export function namedObservables(list: readonly Indicator[]): NamedObservable[] {
  const seen = new Map<string, NamedObservable>();
  for (const ind of list) {
    const once = new Set<string>();
    for (const o of ind.observables) {
      const key = `${o.type}\u0000${o.value}`;
      if (once.has(key)) continue;
      once.add(key);
      const n = seen.get(key);
      if (n) n.count++;
      else seen.set(key, { type: o.type, value: o.value, count: 1 });
    }
  }
  return [...seen.values()].sort(
    (a, b) => b.count - a.count || a.type.localeCompare(b.type) || a.value.localeCompare(b.value),
  );
}
