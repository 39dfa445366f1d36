// Live zone risk: a physical and a cyber part, each raised by indicators (by severity and
// confidence) and decaying with a half-life; raised more when both domains light up together.
import { riskLevel, type Indicator, type Mode, type ZoneState } from '@portwatch/schema';

export interface RiskOptions {
  halfLifeMs?: number;
  /** Extra weight when both parts are raised: risk = max + min * (0.5 + synergy). */
  synergy?: number;
}

const POINTS = [0, 0.5, 2, 6, 15, 30];

interface Part {
  physical: number;
  cyber: number;
  atMs: number;
  openIncidents: number;
  propagatedFrom: Set<string>;
  /** Minimum risk held while an incident is open (severity-based). */
  floor: number;
}

export class RiskModel {
  private zones = new Map<string, Part>();
  private readonly halfLifeMs: number;
  private readonly synergy: number;

  constructor(private siteId: string, private zoneIds: string[], options: RiskOptions = {}) {
    this.halfLifeMs = options.halfLifeMs ?? 15 * 60_000;
    this.synergy = options.synergy ?? 0.5;
  }

  private part(mode: Mode, zoneId: string): Part {
    const k = mode + '|' + zoneId;
    let p = this.zones.get(k);
    if (!p) {
      p = { physical: 0, cyber: 0, atMs: 0, openIncidents: 0, propagatedFrom: new Set(), floor: 0 };
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
  }

  /** Raise the zone of an indicator; returns the new state. */
  observe(ind: Indicator): ZoneState | null {
    if (!ind.zoneId) return null;
    const t = Date.parse(ind.time);
    const p = this.part(ind.mode, ind.zoneId);
    this.decay(p, t);
    const pts = POINTS[ind.severity] * (ind.confidence / 100);
    if (ind.domain === 'physical') p.physical = Math.min(100, p.physical + pts);
    else p.cyber = Math.min(100, p.cyber + pts);
    return this.state(ind.mode, ind.zoneId, p);
  }

  /** An incident is open in a zone (directly or through the asset graph). */
  incident(mode: Mode, zoneId: string, severity: number, open: boolean, via?: string): ZoneState {
    const p = this.part(mode, zoneId);
    p.openIncidents = Math.max(0, p.openIncidents + (open ? 1 : -1));
    p.floor = p.openIncidents > 0 ? Math.max(p.floor, severity * 15 - (via ? 15 : 0)) : 0;
    if (via && open) p.propagatedFrom.add(via);
    if (!open && p.openIncidents === 0) p.propagatedFrom.clear();
    return this.state(mode, zoneId, p);
  }

  /** All zones of a mode at a time (decay applied), for the periodic push and for queries. */
  snapshot(mode: Mode, nowMs: number): ZoneState[] {
    return this.zoneIds.map((z) => {
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
    if (p.propagatedFrom.size) s.propagatedFrom = [...p.propagatedFrom];
    return s;
  }
}
