// What a firing rule group becomes (engine.ts): an incident raised or updated (suppression.ts)
// with its title's zone and the zones it reaches, filed into a case (cases.ts), and remembered
// by id so an operator's resolve finds its group again. After a rebuild, the group's incident
// from before it is gone on with instead (recent-incidents.ts).
import type { Incident } from '@portwatch/schema';
import { CaseBook } from './cases.ts';
import { groupKey, type CompiledRule, type Group } from './groups.ts';
import type { AdoptableLookup } from './recent-incidents.ts';
import { adoptedOpen, copyOf, raiseOrUpdate, type RaiseContext } from './suppression.ts';
import type { Entry } from './window.ts';
import type { ZoneRouting } from './zone-routing.ts';

const INCIDENT_MEMORY = 10_000;

export class IncidentRaiser {
  /** Incident id → its group, for resolved(); bounded, oldest forgotten first. */
  private readonly incidentGroups = new Map<string, { rule: CompiledRule; group: Group }>();
  private readonly cases = new CaseBook();
  /** Incidents raised before this engine started (recent-incidents.ts), asked when a group would raise one. */
  private adoptable: AdoptableLookup | null = null;

  constructor(
    private readonly routing: ZoneRouting,
    private readonly zoneNames: Record<string, string>,
    /** The engine's resolve: an adopted incident an operator resolved re-arms its group. */
    private readonly resolve: (incidentId: string, atMs: number) => void,
  ) {}

  adoptFrom(lookup: AdoptableLookup): void {
    this.adoptable = lookup;
  }

  raise(compiledRule: CompiledRule, g: Group, set: readonly Entry[]): Incident | null {
    const adopted = !g.incidentState.open && this.adoptable !== null && this.adopt(compiledRule, g, set);
    let inc = raiseOrUpdate(g.incidentState, set, this.context(compiledRule, g, set));
    // Published again once, as a rebuild without it did: the service counts it open in its zones.
    if (!inc && adopted && g.incidentState.open) inc = copyOf(g.incidentState.open);
    const open = g.incidentState.open?.incident;
    if (inc && open?.id === inc.id) {
      // The open incident keeps its case, so every update carries it too.
      if (open.caseId) this.cases.touch(inc);
      else open.caseId = this.cases.assign(inc);
      inc.caseId = open.caseId;
    }
    if (inc && !this.incidentGroups.has(inc.id)) this.remember(inc.id, compiledRule, g);
    return inc;
  }

  private remember(incidentId: string, compiledRule: CompiledRule, g: Group) {
    this.incidentGroups.set(incidentId, { rule: compiledRule, group: g });
    if (this.incidentGroups.size > INCIDENT_MEMORY)
      this.incidentGroups.delete(this.incidentGroups.keys().next().value!);
  }

  /**
   * The group's incident from before this engine started, as it stood at the firing: open
   * again when the firing is within its suppression (raiseOrUpdate then updates it), or,
   * resolved, re-arming the group as the engine's resolve does. True when it was opened.
   */
  private adopt(compiledRule: CompiledRule, g: Group, set: readonly Entry[]): boolean {
    const found = this.adoptable!(compiledRule.rule.id, groupKey(g), set[set.length - 1].t);
    // Known here already: raised by this engine, or adopted before and closed since.
    if (!found || this.incidentGroups.has(found.incident.id)) return false;
    this.remember(found.incident.id, compiledRule, g);
    if (found.resolvedAtMs !== undefined) {
      this.resolve(found.incident.id, found.resolvedAtMs);
      return false;
    }
    // Its suppression is over: the firing raises a new incident, as it would have without a rebuild.
    if (set[0].t > Date.parse(found.incident.lastSeen) + compiledRule.rule.suppressMs) return false;
    g.incidentState.open = adoptedOpen(found.incident);
    this.cases.adopt(found.incident);
    return true;
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
