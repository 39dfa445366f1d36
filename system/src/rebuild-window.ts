// How far back correlation re-reads records when it starts over (REBUILD_WINDOW_S: a Kafka
// rebalance re-reads the indicators topic, an embedded restart the stored indicators). A rule
// keeps a record for its timespan plus the lateness it allows: a shorter window would rebuild
// that rule's windows without the records at their start, and an incident half-way through
// one would never be raised.
import type { Rule } from '@portwatch/ingest';
import { ConfigError } from './env-values.ts';

/** The window when REBUILD_WINDOW_S is unset, unless a rule needs more. */
export const DEFAULT_REBUILD_WINDOW_MS = 1_800_000;

/** The rule that needs the longest rebuild window, and how long. */
export function longestRuleWindow(rules: Rule[], allowedLatenessMs: number): { rule: Rule; ms: number } | null {
  let longest: { rule: Rule; ms: number } | null = null;
  for (const rule of rules) {
    if (rule.enabled === false) continue;
    const ms = rule.correlation.timespanMs + (rule.latenessMs ?? allowedLatenessMs);
    if (!longest || ms > longest.ms) longest = { rule, ms };
  }
  return longest;
}

/**
 * The rebuild window: REBUILD_WINDOW_S if it covers every rule (a ConfigError naming the rule
 * and the minimum if not), else — unset — the default or what the longest rule needs.
 */
export function rebuildWindowMs(cfg: { rebuildWindowMs?: number; allowedLatenessMs: number }, rules: Rule[]): number {
  const longest = longestRuleWindow(rules, cfg.allowedLatenessMs);
  if (cfg.rebuildWindowMs === undefined) return Math.max(DEFAULT_REBUILD_WINDOW_MS, longest?.ms ?? 0);
  if (longest && cfg.rebuildWindowMs < longest.ms) {
    const { rule } = longest;
    const lateness = rule.latenessMs === undefined ? 'ALLOWED_LATENESS_S' : "the rule's lateness";
    throw new ConfigError(
      `REBUILD_WINDOW_S: expected at least ${Math.ceil(longest.ms / 1000)} s, got ${cfg.rebuildWindowMs / 1000} s: ` +
        `rule "${rule.id}" (${rule.file}) keeps a record for its timespan (${rule.correlation.timespanMs / 1000} s) ` +
        `plus ${lateness} (${(rule.latenessMs ?? cfg.allowedLatenessMs) / 1000} s), and a shorter rebuild would ` +
        `lose the start of its windows. Raise REBUILD_WINDOW_S or leave it unset (then it is long enough for every rule).`,
    );
  }
  return cfg.rebuildWindowMs;
}

/** The longest suppression: how long before the rebuild window an incident may end and still be gone on with. */
export function longestSuppressMs(rules: Rule[]): number {
  return Math.max(0, ...rules.filter((r) => r.enabled !== false).map((r) => r.suppressMs));
}
