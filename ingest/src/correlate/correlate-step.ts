// The pure core of the correlate service: indicators (or the passing of event time) in,
// incidents and changed zone states out. Zones an incident cascades into through the asset
// graph are raised with it, so their new state is pushed live together with the incident.
import type { Incident, Indicator, Mode, ZoneState } from '@portwatch/schema';
import type { CorrelationEngine } from './engine.ts';
import type { RiskModel } from './risk.ts';

export interface StepState {
  engine: CorrelationEngine;
  risk: RiskModel;
  /** Incident id → zones whose risk it already holds up. */
  counted: Map<string, Set<string>>;
}

export interface StepOutput {
  incidents: Incident[];
  /** One state per mode and zone, the latest. */
  zones: ZoneState[];
}

export function newStepState(engine: CorrelationEngine, risk: RiskModel): StepState {
  return { engine, risk, counted: new Map() };
}

export function correlateStep(state: StepState, indicators: Indicator[]): StepOutput {
  const incidents: Incident[] = [];
  const zones = new Map<string, ZoneState>();
  for (const ind of indicators) {
    for (const z of state.risk.observeAll(ind)) zones.set(z.mode + '|' + z.zoneId, z);
    for (const inc of state.engine.process(ind)) track(state, inc, incidents, zones);
  }
  return { incidents, zones: [...zones.values()] };
}

/** Event time reached `nowMs` with no record to show it: absences may now be due. */
export function advanceStep(state: StepState, nowMs: number, opts: { modes?: Mode[]; complete?: boolean } = {}): StepOutput {
  const incidents: Incident[] = [];
  const zones = new Map<string, ZoneState>();
  for (const inc of state.engine.advance(nowMs, opts)) track(state, inc, incidents, zones);
  return { incidents, zones: [...zones.values()] };
}

function track(state: StepState, inc: Incident, incidents: Incident[], zones: Map<string, ZoneState>) {
  incidents.push(inc);
  let held = state.counted.get(inc.id);
  if (!held) state.counted.set(inc.id, (held = new Set()));
  const assets = state.engine.assetsOf(inc.id);
  for (const zone of inc.affectedZones) {
    if (held.has(zone)) continue;
    held.add(zone);
    // A zone reached through the asset graph names the asset that put it at risk.
    const via = zone === inc.zoneId ? undefined : (assets[0] ?? inc.zoneId);
    const s = state.risk.incident(inc.mode, zone, inc.severity, true, via);
    zones.set(s.mode + '|' + s.zoneId, s);
  }
}
