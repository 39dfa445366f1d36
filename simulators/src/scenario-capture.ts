// A scenario's raw traffic inside background noise, as capture records in time order — what
// `portwatch simulate` writes. The same seed and start give the same capture, byte for byte.
import type { CaptureRecord, FeedConfig, Site } from '@portwatch/schema';
import { BackgroundTraffic } from './background.ts';
import { buildScenario } from './scenario.ts';
import { Rng } from './rng.ts';
import { SCENARIOS, findScenario } from './scenarios/index.ts';

/** The capture start when none is given: a weekday morning, so every run is comparable. */
export const DEFAULT_START = '2026-01-15T09:00:00.000Z';
/** Background before and after the scenario, so it is found inside traffic, not alone. */
const PAD_MS = 2 * 60_000;

export class UnknownScenarioError extends Error {
  constructor(readonly scenarioId: string) {
    super(`unknown scenario "${scenarioId}" (known: ${SCENARIOS.map((x) => x.id).join(', ')})`);
  }
}

export function scenarioCapture(
  target: { site: Site; feeds: FeedConfig[] },
  scenarioId: string,
  seed: number,
  startIso: string,
  background = true,
): CaptureRecord[] {
  const s = findScenario(scenarioId);
  if (!s) throw new UnknownScenarioError(scenarioId);
  const rng = new Rng(seed);
  const start = Date.parse(startIso);
  const records = buildScenario(s, target.site, target.feeds, rng, start + PAD_MS);
  if (background) {
    const bg = new BackgroundTraffic(target.site, target.feeds, new Rng(seed ^ 0x5bd1e995));
    records.push(...bg.slice(start, start + PAD_MS * 2 + s.durationMs));
  }
  return records.sort((a, b) => a.t.localeCompare(b.t));
}
