// Live zone risk: a physical and a cyber part, each raised by indicators (by severity and
// confidence) and decaying with a half-life; raised more when both domains light up together.
//
// The scale is calibrated so a level means the same thing everywhere (README "Detection"):
// an indicator can raise its part only up to its severity's ceiling, with diminishing returns
// on the way — so routine records (severity ≤ 1) add nothing however many arrive, background
// noise (severity 2) stays LOW, suspicious activity in one domain (severity 3) at most GUARDED;
// HIGH and SEVERE take alarms (severity ≥ 4) or an open incident in the zone.
import { riskLevel, type Indicator, type Mode, type ZoneState } from '@portwatch/schema';
import { AssetGraph, type AssetNode } from './asset-graph.ts';

export interface RiskOptions {
  halfLifeMs?: number;
  /** Extra weight when both parts are raised: risk = max + min * (0.5 + synergy). */
  synergy?: number;
  /** The site's asset graph: a compromised asset raises the zones that depend on it. */
  assets?: AssetNode[];
  /** Share of a compromise's cyber points that reaches a dependent zone (default 0.6). */
  propagation?: number;
  /**
   * This model holds only some of the site's zones (one worker among several): a snapshot
   * covers the zones it has seen, so it never pushes a state for a zone another worker holds.
   */
  partial?: boolean;
}

/** A cyber record of at least this severity on an asset counts as a compromise of it. */
const COMPROMISE_SEVERITY = 3;

const POINTS = [0, 0, 2, 6, 25, 45];
/** How far indicators of a severity alone can raise a part (0 = never). */
const CEILING = [0, 0, 12, 35, 70, 100];
/** The floor an open incident of a severity holds its zone at: sev 5 SEVERE, 4 HIGH, 3 ELEVATED, 2 GUARDED. */
export function incidentFloor(severity: number, propagated: boolean): number {
  return Math.max(0, (severity - 1) * 20 - (propagated ? 20 : 0));
}

interface Part {
  physical: number;
  cyber: number;
  atMs: number;
  openIncidents: number;
  /** Asset → last event time it raised this zone through the graph. */
  propagatedFrom: Map<string, number>;
  /** Minimum risk held while an incident is open (severity-based). */
  floor: number;
}

export class RiskModel {
  private zones = new Map<string, Part>();
  private readonly halfLifeMs: number;
  private readonly synergy: number;
  private readonly graph: AssetGraph;
  private readonly propagation: number;
  private readonly partial: boolean;

  constructor(
    private siteId: string,
    private zoneIds: string[],
    options: RiskOptions = {},
  ) {
    this.halfLifeMs = options.halfLifeMs ?? 15 * 60_000;
    this.synergy = options.synergy ?? 0.5;
    this.graph = new AssetGraph(options.assets ?? []);
    this.propagation = options.propagation ?? 0.6;
    this.partial = options.partial ?? false;
  }

  private part(mode: Mode, zoneId: string): Part {
    const k = mode + '|' + zoneId;
    let p = this.zones.get(k);
    if (!p) {
      p = { physical: 0, cyber: 0, atMs: 0, openIncidents: 0, propagatedFrom: new Map(), floor: 0 };
      this.zones.set(k, p);
    }
    return p;
  }

  private decay(p: Part, nowMs: number) {
    if (nowMs <= p.atMs) return;
    if (p.atMs > 0) {
      const f = Math.pow(0.5, (nowMs - p.atMs) / this.halfLifeMs);
      p.physical *= f;
      p.cyber *= f;
    }
    p.atMs = nowMs;
    // A propagated raise has decayed away after a few half-lives: stop naming its asset
    // (unless an open incident still holds the zone).
    if (p.openIncidents === 0)
      for (const [asset, at] of p.propagatedFrom) if (nowMs - at > 4 * this.halfLifeMs) p.propagatedFrom.delete(asset);
  }

  /** Raise the zone of an indicator; returns its new state (dependent zones: see observeAll). */
  observe(ind: Indicator): ZoneState | null {
    return this.observeAll(ind)[0] ?? null;
  }

  /**
   * Raise the zone of an indicator and, for a compromise of an asset, the zones that depend on
   * it through the asset graph (attenuated, naming the asset in propagatedFrom). Its own zone first.
   */
  observeAll(ind: Indicator): ZoneState[] {
    const own = this.observeOwn(ind);
    if (!own) return [];
    const out = [own];
    for (const zone of this.dependentZones(ind))
      out.push(this.compromise(ind.mode, zone, ind.assetId!, ind.severity, ind.confidence, Date.parse(ind.time)));
    return out;
  }

  /** Raise only the indicator's own zone (on many workers, the zones it reaches go to their holders). */
  observeOwn(ind: Indicator): ZoneState | null {
    if (!ind.zoneId) return null;
    const t = Date.parse(ind.time);
    const pts = POINTS[ind.severity] * (ind.confidence / 100);
    if (pts === 0) return this.state(ind.mode, ind.zoneId, this.touch(ind.mode, ind.zoneId, t));
    return this.state(
      ind.mode,
      ind.zoneId,
      this.raise(ind.mode, ind.zoneId, ind.domain, pts, CEILING[ind.severity], t),
    );
  }

  /** Zones other than its own that an indicator raises as a compromise of its asset. */
  dependentZones(ind: Indicator): string[] {
    if (!ind.zoneId || ind.domain !== 'cyber' || !ind.assetId || ind.severity < COMPROMISE_SEVERITY) return [];
    if (POINTS[ind.severity] * ind.confidence === 0) return [];
    return this.graph.affectedZones([ind.assetId]).filter((z) => z !== ind.zoneId);
  }

  /** A compromise of an asset raises a zone depending on it: attenuated, naming the asset. */
  compromise(mode: Mode, zoneId: string, assetId: string, severity: number, confidence: number, t: number): ZoneState {
    const pts = POINTS[severity] * (confidence / 100) * this.propagation;
    const p = this.raise(mode, zoneId, 'cyber', pts, CEILING[severity] * this.propagation, t);
    p.propagatedFrom.set(assetId, t);
    return this.state(mode, zoneId, p);
  }

  private touch(mode: Mode, zoneId: string, t: number): Part {
    const p = this.part(mode, zoneId);
    this.decay(p, t);
    return p;
  }

  private raise(
    mode: Mode,
    zoneId: string,
    domain: Indicator['domain'],
    pts: number,
    ceiling: number,
    t: number,
  ): Part {
    const p = this.touch(mode, zoneId, t);
    // Diminishing returns towards the ceiling: a thousand records of a severity weigh no more
    // than that severity may (a part already above it is left as it is).
    const raised = (v: number) => (v >= ceiling ? v : Math.min(ceiling, v + pts * (1 - v / ceiling)));
    if (domain === 'physical') p.physical = raised(p.physical);
    else p.cyber = raised(p.cyber);
    return p;
  }

  /** An incident is open in a zone (directly or through the asset graph). */
  incident(mode: Mode, zoneId: string, severity: number, open: boolean, via?: string): ZoneState {
    const p = this.part(mode, zoneId);
    p.openIncidents = Math.max(0, p.openIncidents + (open ? 1 : -1));
    p.floor = p.openIncidents > 0 ? Math.max(p.floor, incidentFloor(severity, via !== undefined)) : 0;
    if (via && open) p.propagatedFrom.set(via, p.atMs);
    return this.state(mode, zoneId, p);
  }

  /** All zones of a mode at a time (decay applied), for the periodic push and for queries. */
  snapshot(mode: Mode, nowMs: number): ZoneState[] {
    const zones = this.partial ? this.zoneIds.filter((z) => this.zones.has(mode + '|' + z)) : this.zoneIds;
    return zones.map((z) => {
      const p = this.part(mode, z);
      this.decay(p, nowMs);
      return this.state(mode, z, p);
    });
  }

  private state(mode: Mode, zoneId: string, p: Part): ZoneState {
    const hi = Math.max(p.physical, p.cyber);
    const lo = Math.min(p.physical, p.cyber);
    const both = p.physical >= 5 && p.cyber >= 5 ? this.synergy : 0;
    const risk = Math.round(Math.min(100, Math.max(p.floor, hi + lo * (0.5 + both))) * 10) / 10;
    const s: ZoneState = {
      siteId: this.siteId,
      zoneId,
      mode,
      risk,
      physical: Math.round(p.physical * 10) / 10,
      cyber: Math.round(p.cyber * 10) / 10,
      level: riskLevel(risk),
      openIncidents: p.openIncidents,
      updatedAt: new Date(p.atMs || Date.now()).toISOString(),
    };
    if (p.propagatedFrom.size) s.propagatedFrom = [...p.propagatedFrom.keys()].sort();
    return s;
  }
}
