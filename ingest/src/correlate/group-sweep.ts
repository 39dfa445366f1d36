// Memory follows the live windows, not the history (engine.ts sweeps every few thousand
// records): what no record to come can join is pruned, and a group left with nothing is dropped.
import { laneOf, type CompiledRule, type GroupKeys } from './groups.ts';
import { clockOf, watermarkOf, type Clock } from './lane-clock.ts';

/** Drops what can no longer matter, rule by rule and group by group. */
export function sweepGroups(rules: readonly CompiledRule[], keys: GroupKeys, clocks: Map<string, Clock>): void {
  for (const compiledRule of rules) {
    const span = compiledRule.rule.correlation.timespanMs;
    for (let i = compiledRule.groups.length - 1; i >= 0; i--) {
      const g = compiledRule.groups[i];
      const watermark = watermarkOf(compiledRule, clockOf(clocks, laneOf(g)));
      g.window?.prune(watermark - span);
      if (g.absence) {
        compiledRule.absence!.watermark = watermark;
        g.absence.prune(compiledRule.absence!);
      }
      const open = g.incidentState.open;
      if (open && open.lastMs + compiledRule.rule.suppressMs < watermark) g.incidentState.open = undefined;
      const idle =
        (g.window?.size ?? 0) === 0 &&
        (g.absence?.size ?? 0) === 0 &&
        !g.incidentState.open &&
        g.incidentState.quietUntil < watermark;
      if (idle) keys.drop(compiledRule, g);
    }
  }
}
