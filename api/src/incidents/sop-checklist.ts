// The checklist a new incident starts with: a copy of its rule's SOP steps, none done. The
// incident keeps its own copy, so editing sops.yaml later changes no checklist in progress.
import type { SopStep } from '@portwatch/schema';
import type { Sop } from '@portwatch/dashboards';

/** The fresh checklist of an incident raised by `ruleId`; undefined when its rule names no SOP. */
export type SopChecklists = (ruleId: string) => SopStep[] | undefined;

export function sopChecklists(
  rules: readonly { id: string; sop?: string }[],
  sops: ReadonlyMap<string, Sop>,
): SopChecklists {
  const byRule = new Map<string, Sop>();
  for (const r of rules) {
    const sop = r.sop === undefined ? undefined : sops.get(r.sop);
    if (sop) byRule.set(r.id, sop);
  }
  // Steps are numbered from 1: the number is the step's id in the actions endpoint.
  return (ruleId) => byRule.get(ruleId)?.steps.map((text, i) => ({ id: String(i + 1), text, done: false }));
}
