// Scores a replayed day against the scenarios hidden in it: each expected incident found or
// missed and when (raise time − scenario start, event time), and the high-severity incidents
// no hidden scenario explains — the false alarms an operator would have been woken for.
import type { Incident } from '@portwatch/schema';

export interface PlacedScenario {
  scenario: string;
  atMs: number;
  durationMs: number;
  expected: { ruleId: string; zoneId: string; deadlineMs?: number }[];
}

export interface PartResult {
  ruleId: string;
  zoneId: string;
  /** Null when missed. */
  detectMs: number | null;
  deadlineMs: number | null;
}

export interface ScenarioResult {
  scenario: string;
  atMs: number;
  parts: PartResult[];
  /** Raise of its first expected incident after the start; null if none was found. */
  firstMs: number | null;
}

export interface DayScore {
  scenarios: ScenarioResult[];
  unexplainedHigh: Incident[];
}

/** High severity: what pages an operator (the queue's HIGH and CRITICAL). */
export const HIGH_SEVERITY = 4;
/** An expected incident may be raised this long after its scenario's last record (absences, lateness). */
const SETTLE_MS = 10 * 60_000;

/** When correlation raised it: the event time of its first history entry. */
export function raisedAt(inc: Incident): number {
  return Date.parse(inc.history[0]?.at ?? inc.lastSeen);
}

export function scoreDay(incidents: Incident[], placed: PlacedScenario[]): DayScore {
  const explained = new Set<string>();
  const scenarios = placed.map((p) => {
    const inWindow = (inc: Incident) => {
      const t = raisedAt(inc);
      return t >= p.atMs && t <= p.atMs + p.durationMs + SETTLE_MS;
    };
    const parts = p.expected.map((x) => {
      const hits = incidents.filter((i) => i.ruleId === x.ruleId && i.zoneId === x.zoneId && inWindow(i));
      for (const h of hits) explained.add(h.id);
      const first = hits.length ? Math.min(...hits.map(raisedAt)) : null;
      return {
        ruleId: x.ruleId,
        zoneId: x.zoneId,
        detectMs: first === null ? null : first - p.atMs,
        deadlineMs: x.deadlineMs ?? null,
      };
    });
    const found = parts.map((x) => x.detectMs).filter((x): x is number => x !== null);
    return { scenario: p.scenario, atMs: p.atMs, parts, firstMs: found.length ? Math.min(...found) : null };
  });
  const unexplainedHigh = incidents.filter((i) => i.severity >= HIGH_SEVERITY && !explained.has(i.id));
  return { scenarios, unexplainedHigh };
}
