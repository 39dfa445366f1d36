// A day of a site's background traffic — badges by shift, cameras, benign IDS and firewall
// noise, vessels, a night maintenance window — with scenarios hidden in it at given times: what
// `portwatch simulate --day` writes and the detection bench replays. One background slice per
// hour, so the shift pattern follows the clock. The same arguments give the same capture.
import type { CaptureRecord, FeedConfig, Site } from '@portwatch/schema';
import { BackgroundTraffic } from './background.ts';
import { maintenanceWindow } from './maintenance.ts';
import { buildScenario } from './scenario.ts';
import { Rng } from './rng.ts';
import { findScenario } from './scenarios/index.ts';
import { UnknownScenarioError } from './scenario-capture.ts';

/** The day a capture covers when none is given (UTC midnight of a weekday). */
export const DAY_START = Date.parse('2026-01-15T00:00:00.000Z');
const HOUR = 3_600_000;

export interface HiddenScenario {
  scenario: string;
  /** Epoch ms at which it starts. */
  atMs: number;
}

export function dayCapture(
  target: { site: Site; feeds: FeedConfig[] },
  seed: number,
  hidden: HiddenScenario[],
  dayStartMs = DAY_START,
): CaptureRecord[] {
  const bg = new BackgroundTraffic(target.site, target.feeds, new Rng(seed));
  const records: CaptureRecord[] = [];
  for (let h = 0; h < 24; h++) records.push(...bg.slice(dayStartMs + h * HOUR, dayStartMs + (h + 1) * HOUR));
  records.push(
    ...maintenanceWindow(
      target.site,
      target.feeds,
      new Rng(seed ^ 0x2545f491),
      localHour(3, dayStartMs, target.site.timezone),
    ),
  );
  for (const [i, { scenario, atMs }] of hidden.entries()) {
    const s = findScenario(scenario);
    if (!s) throw new UnknownScenarioError(scenario);
    records.push(...buildScenario(s, target.site, target.feeds, new Rng(seed + i + 1), atMs));
  }
  return records.sort((a, b) => a.t.localeCompare(b.t));
}

/** `HH:MM` of the site's local day as epoch ms (the day starting at dayStartMs, UTC). */
export function localTime(hhmm: string, dayStartMs: number, timezone: string): number {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new Error(`expected HH:MM, got "${hhmm}"`);
  return localHour(Number(m[1]), dayStartMs, timezone) + Number(m[2]) * 60_000;
}

function localHour(hour: number, dayStartMs: number, timezone: string): number {
  // The site's offset from UTC at that day (whole or half hours; DST changes at night are ignored).
  const probe = new Date(dayStartMs + 12 * HOUR);
  const local = Number(
    new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: timezone }).format(probe),
  );
  const offsetH = local - 12;
  const ms = dayStartMs + (hour - offsetH) * HOUR;
  // Keep it inside the captured day.
  return ((ms - dayStartMs + 24 * HOUR) % (24 * HOUR)) + dayStartMs;
}
