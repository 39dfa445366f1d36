// Event-time correlation: each rule keeps, per group (mode + zone + group-by fields), the
// matching indicators of its live window. A firing raises an incident whose id is a hash of
// rule, group and window start, so a replay or a second instance raises the same id.
import { createHash } from 'node:crypto';
import type { Incident, Indicator } from '@portwatch/schema';
import { AssetGraph, type AssetNode } from './asset-graph.ts';
import { fieldValues, matches } from './match.ts';
import type { Rule } from './rule.ts';

interface Entry {
  t: number;
  id: string;
  det: string;
  value?: string;
  assetId?: string;
  domain: Indicator['domain'];
}

interface Group {
  entries: Entry[];
  open?: { incident: Incident; lastMs: number };
  /** absence: A entries waiting for a B. */
}

export interface EngineOptions {
  assets?: AssetNode[];
  /** How late an indicator may arrive (behind the newest event time seen) and still count. */
  allowedLatenessMs?: number;
  /** Zone names for titles ({zone} in a rule title). */
  zoneNames?: Record<string, string>;
}

export interface EngineStats {
  groups: number;
  entries: number;
  late: number;
  processed: number;
}

export class CorrelationEngine {
  private groups = new Map<string, Group>();
  private graph: AssetGraph;
  private maxEventMs = 0;
  private readonly latenessMs: number;
  private readonly zoneNames: Record<string, string>;
  readonly stats: EngineStats = { groups: 0, entries: 0, late: 0, processed: 0 };

  constructor(private rules: Rule[], options: EngineOptions = {}) {
    this.graph = new AssetGraph(options.assets ?? []);
    this.latenessMs = options.allowedLatenessMs ?? 5 * 60_000;
    this.zoneNames = options.zoneNames ?? {};
  }

  /** Feed one indicator; returns incidents raised or updated by it. */
  process(ind: Indicator): Incident[] {
    this.stats.processed++;
    if (!ind.zoneId) return [];
    const t = Date.parse(ind.time);
    if (t > this.maxEventMs) this.maxEventMs = t;
    const watermark = this.maxEventMs - this.latenessMs;
    const out: Incident[] = [];
    let late = false;
    for (const rule of this.rules) {
      if (t < watermark - rule.correlation.timespanMs) {
        late = true;
        continue;
      }
      for (const det of rule.correlation.rules) {
        if (!matches(ind, rule.detections[det])) continue;
        const key = groupKey(rule, ind);
        if (key === null) continue;
        const incident = this.add(rule, key, ind, det, t, watermark);
        if (incident) out.push(incident);
      }
    }
    if (late) this.stats.late++;
    return out;
  }

  private add(rule: Rule, key: string, ind: Indicator, det: string, t: number, watermark: number): Incident | null {
    const gk = rule.id + '\u0000' + key;
    let g = this.groups.get(gk);
    if (!g) {
      g = { entries: [] };
      this.groups.set(gk, g);
    }
    const span = rule.correlation.timespanMs;
    // Keep entries that could still share a window with anything not yet too late.
    const horizon = Math.min(watermark, t) - span;
    if (g.entries.length && g.entries[0].t < horizon) g.entries = g.entries.filter((e) => e.t >= horizon);
    if (g.entries.some((e) => e.id === ind.id && e.det === det)) return null; // redelivery
    const entry: Entry = { t, id: ind.id, det, domain: ind.domain };
    if (ind.assetId) entry.assetId = ind.assetId;
    if (rule.correlation.field) entry.value = String(fieldValues(ind, rule.correlation.field)[0] ?? '');
    insertSorted(g.entries, entry);

    const fired = fire(rule, g.entries, entry);
    if (!fired) return null;
    return this.raise(rule, key, g, fired, ind);
  }

  private raise(rule: Rule, key: string, g: Group, set: Entry[], ind: Indicator): Incident {
    const first = set[0].t;
    const last = set[set.length - 1].t;
    if (g.open && first <= g.open.lastMs + rule.suppressMs) {
      const inc = g.open.incident;
      const ids = new Set(inc.indicatorIds);
      for (const e of set) ids.add(e.id);
      inc.indicatorIds = [...ids];
      if (last > Date.parse(inc.lastSeen)) inc.lastSeen = new Date(last).toISOString();
      if (first < Date.parse(inc.firstSeen)) inc.firstSeen = new Date(first).toISOString();
      inc.domains = mergeDomains(inc.domains, set);
      inc.affectedZones = this.affected(inc.zoneId, set, inc.affectedZones);
      g.open.lastMs = Math.max(g.open.lastMs, last);
      return { ...inc, history: [...inc.history] };
    }
    const id = 'inc-' + createHash('sha1').update(`${rule.id}\u0000${key}\u0000${first}`).digest('hex').slice(0, 20);
    const incident: Incident = {
      id,
      ruleId: rule.id,
      title: rule.title.replace(/\{zone\}/g, this.zoneNames[ind.zoneId!] ?? ind.zoneId!).replace(/\{group\}/g, key),
      severity: rule.severity,
      status: 'new',
      siteId: ind.siteId,
      zoneId: ind.zoneId!,
      affectedZones: this.affected(ind.zoneId!, set, []),
      domains: mergeDomains([], set),
      indicatorIds: set.map((e) => e.id),
      firstSeen: new Date(first).toISOString(),
      lastSeen: new Date(last).toISOString(),
      mode: ind.mode,
      history: [{ at: new Date(last).toISOString(), by: `rule:${rule.id}`, action: 'raised', note: rule.description }],
    };
    if (incident.history[0].note === undefined) delete incident.history[0].note;
    g.open = { incident, lastMs: last };
    return { ...incident, history: [...incident.history] };
  }

  private affected(zoneId: string, set: Entry[], before: string[]): string[] {
    const cyberAssets = set.filter((e) => e.domain === 'cyber' && e.assetId).map((e) => e.assetId!);
    return [...new Set([zoneId, ...before, ...this.graph.affectedZones(cyberAssets)])].sort();
  }

  /** Memory held by live windows: number of groups and entries. */
  windowStats(): { groups: number; entries: number } {
    let entries = 0;
    for (const g of this.groups.values()) entries += g.entries.length;
    return { groups: this.groups.size, entries };
  }
}

function groupKey(rule: Rule, ind: Indicator): string | null {
  let key = `${ind.mode}|${ind.zoneId}`;
  for (const path of rule.correlation.groupBy) {
    const v = fieldValues(ind, path)[0];
    if (v === undefined) return null;
    key += '|' + String(v);
  }
  return key;
}

function insertSorted(list: Entry[], e: Entry) {
  let i = list.length;
  while (i > 0 && list[i - 1].t > e.t) i--;
  list.splice(i, 0, e);
}

function mergeDomains(before: Indicator['domain'][], set: Entry[]): Indicator['domain'][] {
  const d = new Set(before);
  for (const e of set) d.add(e.domain);
  return (['physical', 'cyber'] as const).filter((x) => d.has(x));
}

/** The entries that make the rule fire together with `added`, or null. */
function fire(rule: Rule, entries: Entry[], added: Entry): Entry[] | null {
  const span = rule.correlation.timespanMs;
  const c = rule.correlation;
  // Candidate windows [s, s + span] that contain the new entry.
  const lo = added.t - span;
  const candidates = entries.filter((e) => e.t >= lo && e.t <= added.t + span);
  for (const start of candidates) {
    if (start.t > added.t) break;
    const inWindow = candidates.filter((e) => e.t >= start.t && e.t <= start.t + span);
    if (!inWindow.includes(added)) continue;
    const hit = evaluate(c.type, c.rules, c.gte ?? 1, inWindow);
    if (hit) return hit;
  }
  return null;
}

function evaluate(type: Rule['correlation']['type'], dets: string[], gte: number, win: Entry[]): Entry[] | null {
  switch (type) {
    case 'temporal':
      return dets.every((d) => win.some((e) => e.det === d)) ? win : null;
    case 'temporal_ordered': {
      let i = 0;
      let prevT = -Infinity;
      for (const e of win) if (i < dets.length && e.det === dets[i] && e.t >= prevT) (prevT = e.t), i++;
      return i === dets.length ? win : null;
    }
    case 'event_count':
      return win.length >= gte ? win : null;
    case 'value_count':
      return new Set(win.map((e) => e.value)).size >= gte ? win : null;
    case 'absence':
      return null; // raised by sweep(), not by arrivals
  }
}
