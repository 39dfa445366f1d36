// Event-time correlation. Each rule keeps, per group (mode + zone + group-by fields), the
// matching indicators of its live window (window.ts) or its pending absences (absence.ts);
// a firing raises or updates an incident (incident-raiser.ts). Time is event time: the
// watermark — newest event time seen minus the allowed lateness, per lane (lane-clock.ts) —
// decides what is late and when an absence is due, so the same input gives the same incidents
// whatever the replay speed. Rules are compiled in compile-rules.ts, idle groups swept in
// group-sweep.ts.
import type { Incident, Indicator, Mode } from '@portwatch/schema';
import { AbsenceState, type AbsenceSpec, type Pending } from './absence.ts';
import { AssetGraph } from './asset-graph.ts';
import { ZoneRouting } from './zone-routing.ts';
import { GroupKeys, laneOf, type CompiledRule, type Group } from './groups.ts';
import { DetectionIndex } from './compile.ts';
import { compileRules } from './compile-rules.ts';
import type { EngineOptions, EngineStats } from './engine-options.ts';
import { eventTimeMs } from './event-time.ts';
import { sweepGroups } from './group-sweep.ts';
import { IncidentRaiser } from './incident-raiser.ts';
import { clockOf, lanesOf, watermarkOf, type Clock } from './lane-clock.ts';
import type { Rule } from './rule.ts';
import type { AdoptableLookup } from './recent-incidents.ts';
import { update } from './suppression.ts';
import { entryOf, Window, type Entry, type Rec, type WindowSpec } from './window.ts';

export type { EngineOptions, EngineStats } from './engine-options.ts';

export class CorrelationEngine {
  private readonly rules: CompiledRule[];
  private readonly index: DetectionIndex;
  private readonly routing: ZoneRouting;
  private readonly latenessMs: number;
  /** Per lane: a mode, or one exercise (exercises run on time bases of their own). */
  private readonly clocks = new Map<string, Clock>();
  private readonly incidents: IncidentRaiser;
  private readonly distinctValues = new Set<string>();
  private readonly singleEntry: Entry[] = [];
  private readonly due: Pending<Group>[] = [];
  /** What the windows keep of the record being processed, made when a first rule takes it. */
  private rec: Rec | null = null;
  /** Event time of the record being processed (a field: passed as an argument, a double is boxed). */
  private t = -Infinity;
  /** Creation order of pending absences: equal due times fire in it. */
  private seq = 0;
  private sinceSweep = 0;
  /**
   * Records until the next sweep: 4096 plus the groups alive after the last one, so a sweep's
   * cost is spread over as many records as it visits groups. Counted from the last sweep, not
   * from the live count: when every record makes a group of its own (a badge seen once), a
   * threshold that grows with the groups was never reached, and nothing was ever swept.
   */
  private sweepAfter = 4096;
  private readonly maxLatenessMs: number;
  private readonly keys: GroupKeys;
  readonly stats: EngineStats = { processed: 0, late: 0, lateDropped: 0, rearming: 0 };

  constructor(allRules: Rule[], options: EngineOptions = {}) {
    const rules = allRules.filter((r) => r.enabled !== false);
    this.routing = new ZoneRouting(new AssetGraph(options.assets ?? []));
    this.latenessMs = options.allowedLatenessMs ?? 5 * 60_000;
    this.incidents = new IncidentRaiser(this.routing, options.zoneNames ?? {}, (id, atMs) => this.resolved(id, atMs));
    this.index = new DetectionIndex(rules);
    const compiled = compileRules(rules, this.latenessMs);
    this.rules = compiled.rules;
    this.maxLatenessMs = Math.max(this.latenessMs, ...this.rules.map((r) => r.latenessMs));
    this.keys = new GroupKeys(compiled.signatures);
  }

  /** Feed one indicator; returns incidents raised or updated by it (absences it made due included). */
  process(ind: Indicator): Incident[] {
    this.stats.processed++;
    const out: Incident[] = [];
    if (!ind.zoneId) return out;
    const t = (this.t = eventTimeMs(ind.time));
    const clock = clockOf(this.clocks, ind.exerciseId === undefined ? ind.mode : laneOf(ind));
    if (t > clock.max) clock.max = t;
    else if (t < clock.max - this.latenessMs) this.stats.late++;
    this.keys.nextRecord();
    this.rec = null;
    const lists = this.index.candidates(ind);
    for (let l = 0; l < lists.length; l++) {
      const list = lists[l];
      for (let k = 0; k < list.length; k++) {
        const ref = list[k];
        if (!this.index.holds(ref, ind)) continue;
        const compiledRule = this.rules[ref.rule];
        if (compiledRule.spec) this.addToWindow(compiledRule, compiledRule.spec, ref.detection, ind, clock, out);
        else this.addToAbsence(compiledRule, compiledRule.absence!, ref.detection, ind, clock);
      }
    }
    this.rec = null;
    if (clock.due.next() < Math.max(clock.max, clock.floor + this.maxLatenessMs)) this.fireDue(clock, out);
    if (++this.sinceSweep > this.sweepAfter) this.sweep();
    return out;
  }

  /** The shared record of the indicator being processed. */
  private recOf(ind: Indicator): Rec {
    return (this.rec ??= { t: this.t, id: ind.id, zoneId: ind.zoneId!, domain: ind.domain, assetId: ind.assetId });
  }

  /**
   * Event time has reached `nowMs` (a quiet feed still lets time pass): fires absences that are
   * now due. `complete` says no input before nowMs will come any more (the end of a replay).
   */
  advance(nowMs: number, opts: { modes?: Mode[]; lanes?: string[]; complete?: boolean } = {}): Incident[] {
    const out: Incident[] = [];
    const lanes = lanesOf(this.clocks, opts);
    for (const lane of lanes) {
      const clock = clockOf(this.clocks, lane);
      if (nowMs > clock.max) clock.max = nowMs;
      if (opts.complete && nowMs > clock.floor) clock.floor = nowMs;
      this.fireDue(clock, out);
    }
    return out;
  }

  /** An operator resolved the incident at `atMs`: its group stays quiet for the rule's re-arm period. */
  resolved(incidentId: string, atMs: number): boolean {
    const hit = this.incidents.groupOf(incidentId);
    if (!hit) return false;
    const compiledRule = hit.rule;
    // The group may have been swept (and even started again) since the incident was raised.
    const g = this.keys.restore(compiledRule, hit.group);
    const incidentState = g.incidentState;
    if (incidentState.open?.incident.id === incidentId) incidentState.open = undefined;
    incidentState.quietUntil = Math.max(incidentState.quietUntil, atMs + compiledRule.rule.rearmMs);
    // Evidence already shown to the operator must not raise the incident again once re-armed.
    g.window?.prune(incidentState.quietUntil);
    if (g.absence) {
      const due = clockOf(this.clocks, laneOf(g)).due;
      for (const p of g.absence.waiting)
        if (p.rec.t < incidentState.quietUntil) {
          p.cancelled = true;
          due.remove(p);
        }
      g.absence.waiting = g.absence.waiting.filter((p) => !p.cancelled);
    }
    return true;
  }

  /**
   * A rebuilt engine goes on with the incidents raised before it (same ids), instead of raising
   * new ones from the part of their activity its window still holds.
   */
  adoptFrom(lookup: AdoptableLookup): void {
    this.incidents.adoptFrom(lookup);
  }

  /** Cyber assets behind an incident (where its propagation starts), for zone risk. */
  assetsOf(incidentId: string): string[] {
    return this.incidents.assetsOf(incidentId);
  }

  /** Memory held by live windows: groups, window entries and pending absences. */
  windowStats(): { groups: number; entries: number } {
    let entries = 0;
    for (const compiledRule of this.rules)
      for (const g of compiledRule.groups) entries += (g.window?.size ?? 0) + (g.absence?.size ?? 0);
    return { groups: this.keys.count, entries };
  }

  private addToWindow(
    compiledRule: CompiledRule,
    spec: WindowSpec,
    detection: number,
    ind: Indicator,
    clock: Clock,
    out: Incident[],
  ) {
    const t = this.t;
    const watermark = (spec.watermark = Math.max(clock.max - compiledRule.latenessMs, clock.floor));
    // Every window this record could join has closed.
    if (t + spec.spanMs < watermark) {
      this.stats.lateDropped++;
      return;
    }
    const zones = this.routing.zonesFor(compiledRule.rule, ind);
    for (let z = 0; z < zones.length; z++) {
      const g = this.keys.group(compiledRule, ind, zones[z]);
      if (!g) continue;
      if (t < g.incidentState.quietUntil) {
        this.stats.rearming++;
        continue;
      }
      const window = (g.window ??= new Window(compiledRule.field !== null));
      const rec = this.recOf(ind);
      const value = compiledRule.field ? String(compiledRule.field.first(ind) ?? '') : undefined;
      const at = window.add(rec, detection, value, spec);
      if (at < 0) continue; // redelivery
      const open = g.incidentState.open;
      let inc: Incident | null;
      if (open && t <= open.lastMs + compiledRule.rule.suppressMs) {
        // Suppression: a further match joins the open incident instead of raising another.
        this.singleEntry[0] = entryOf(t, detection, rec, value);
        inc = update(open, this.singleEntry, this.incidents.context(compiledRule, g, this.singleEntry));
      } else {
        const set = window.fire(spec, at, this.distinctValues);
        inc = set ? this.incidents.raise(compiledRule, g, set) : null;
      }
      if (inc) out.push(inc);
    }
  }

  private addToAbsence(compiledRule: CompiledRule, spec: AbsenceSpec, detection: number, ind: Indicator, clock: Clock) {
    // A B where no A can be (the A detection names its zones) would answer nothing.
    if (detection === 1 && compiledRule.zonesOfA && !compiledRule.zonesOfA.has(ind.zoneId!)) return;
    const t = this.t;
    const watermark = (spec.watermark = Math.max(clock.max - compiledRule.latenessMs, clock.floor));
    const zones = this.routing.zonesFor(compiledRule.rule, ind);
    for (let z = 0; z < zones.length; z++) {
      const g = this.keys.group(compiledRule, ind, zones[z]);
      if (!g) continue;
      const state = (g.absence ??= new AbsenceState<Group>());
      state.prune(spec);
      if (detection === 1) {
        state.addB(this.recOf(ind), spec, clock.due);
        continue;
      }
      const deadline = spec.preceded ? t : t + spec.spanMs;
      if (deadline < watermark) {
        // Its decision time has passed: the B's that could answer it may be gone.
        this.stats.lateDropped++;
        continue;
      }
      if (t < g.incidentState.quietUntil) {
        this.stats.rearming++;
        continue;
      }
      const rec = this.recOf(ind);
      if (state.answered(rec, spec)) continue;
      if (state.isWaiting(ind.id)) continue; // redelivery
      const p: Pending<Group> = {
        rec,
        deadline,
        due: deadline + compiledRule.latenessMs,
        seq: this.seq++,
        at: -1,
        group: g,
        rule: compiledRule.index,
        cancelled: false,
      };
      state.waiting.push(p);
      clock.due.push(p);
    }
  }

  private fireDue(clock: Clock, out: Incident[]) {
    const due = this.due;
    due.length = 0;
    // Due by the newest event time (deadline + lateness) or by a completed-input floor.
    clock.due.popDue(Math.max(clock.max, clock.floor + this.maxLatenessMs), due);
    for (let k = 0; k < due.length; k++) {
      const p = due[k];
      const compiledRule = this.rules[p.rule];
      if (p.deadline >= watermarkOf(compiledRule, clock)) {
        p.due = p.deadline + compiledRule.latenessMs;
        clock.due.push(p);
        continue;
      }
      const g = p.group;
      if (!g.absence?.remove(p)) continue;
      if (p.cancelled) continue;
      this.singleEntry[0] = entryOf(p.rec.t, 0, p.rec);
      const inc = this.incidents.raise(compiledRule, g, this.singleEntry);
      if (inc) out.push(inc);
    }
    due.length = 0;
  }

  /** Drops what can no longer matter: memory follows the live windows, not the history. */
  private sweep() {
    this.sinceSweep = 0;
    sweepGroups(this.rules, this.keys, this.clocks);
    this.sweepAfter = 4096 + this.keys.count;
  }
}
