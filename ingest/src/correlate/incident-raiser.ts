// What a firing rule group becomes (engine.ts): an incident raised or updated (suppression.ts)
// with its title's zone and the zones it reaches, filed into a case (cases.ts), and remembered
// by id so an operator's resolve finds its group again.
import type { Incident } from '@portwatch/schema';
import { CaseBook } from './cases.ts';
import { groupKey, type CompiledRule, type Group } from './groups.ts';
import { raiseOrUpdate, type RaiseContext } from './suppression.ts';
import type { Entry } from './window.ts';
import type { ZoneRouting } from './zone-routing.ts';

const INCIDENT_MEMORY = 10_000;

export class IncidentRaiser {
  /** Incident id → its group, for resolved(); bounded, oldest forgotten first. */
  private readonly incidentGroups = new Map<string, { rule: CompiledRule; group: Group }>();
  private readonly cases = new CaseBook();

  constructor(
    private readonly routing: ZoneRouting,
    private readonly zoneNames: Record<string, string>,
  ) {}

  raise(compiledRule: CompiledRule, g: Group, set: readonly Entry[]): Incident | null {
    const inc = raiseOrUpdate(g.incidentState, set, this.context(compiledRule, g, set));
    const open = g.incidentState.open?.incident;
    if (inc && open?.id === inc.id) {
      // The open incident keeps its case, so every update carries it too.
      if (open.caseId) this.cases.touch(inc);
      else open.caseId = this.cases.assign(inc);
      inc.caseId = open.caseId;
    }
    if (inc && !this.incidentGroups.has(inc.id)) {
      this.incidentGroups.set(inc.id, { rule: compiledRule, group: g });
      if (this.incidentGroups.size > INCIDENT_MEMORY)
        this.incidentGroups.delete(this.incidentGroups.keys().next().value!);
    }
    return inc;
  }

  context(compiledRule: CompiledRule, g: Group, set: readonly Entry[]): RaiseContext {
    // Grouped across zones: the incident belongs where its latest record (in event time)
    // happened — not where the record that arrived last did, which on many workers depends on
    // which worker passed its findings on first (stages.ts).
    const zoneId = g.zoneId === '*' ? set[set.length - 1].zoneId : g.zoneId;
    return {
      rule: compiledRule.rule,
      groupKey: groupKey(g),
      siteId: g.siteId,
      mode: g.mode,
      exerciseId: g.exerciseId,
      zoneId,
      zoneName: this.zoneNames[zoneId] ?? zoneId,
      affected: (set: readonly Entry[], before: string[]) => this.routing.affected(zoneId, set, before),
    };
  }

  /** The rule and group that raised a remembered incident. */
  groupOf(incidentId: string): { rule: CompiledRule; group: Group } | undefined {
    return this.incidentGroups.get(incidentId);
  }

  /** Cyber assets behind an incident (where its propagation starts), for zone risk. */
  assetsOf(incidentId: string): string[] {
    const hit = this.incidentGroups.get(incidentId);
    return hit?.group.incidentState.open?.incident.id === incidentId ? [...hit.group.incidentState.open.assets] : [];
  }
}
