// Event time per correlation lane (a mode, or one exercise: exercises run on time bases of
// their own). A lane's watermark — newest event time seen minus a rule's allowed lateness —
// decides what is late, when a window closes and when an absence is due.
import type { Mode } from '@portwatch/schema';
import { DueQueue } from './absence.ts';
import type { CompiledRule, Group } from './groups.ts';

export interface Clock {
  /** Newest event time seen. */
  max: number;
  /** Input before this time is complete (replay's end): the watermark never lags it. */
  floor: number;
  due: DueQueue<Group>;
}

/** The lane's clock, started on first use. */
export function clockOf(clocks: Map<string, Clock>, lane: string): Clock {
  let c = clocks.get(lane);
  if (!c) clocks.set(lane, (c = { max: -Infinity, floor: -Infinity, due: new DueQueue<Group>() }));
  return c;
}

/** The rule's watermark in the lane: the newest event time less its lateness, never behind the floor. */
export function watermarkOf(compiledRule: CompiledRule, clock: Clock): number {
  return Math.max(clock.max - compiledRule.latenessMs, clock.floor);
}

/** The lanes named, or those of the modes named, or all of them. */
export function lanesOf(clocks: Map<string, Clock>, opts: { modes?: Mode[]; lanes?: string[] }): string[] {
  if (opts.lanes) return opts.lanes;
  if (!opts.modes) return [...clocks.keys()];
  const modes = opts.modes;
  // A mode covers its exercises' lanes too (`exercise:<id>`).
  return [...new Set([...modes, ...[...clocks.keys()].filter((l) => modes.some((m) => l.startsWith(m + ':')))])];
}
