// What a firing does to the incident queue: raise a new incident (id = hash of rule, group and
// window start, so a replay or a second instance raises the same id), or — while one is open
// for the group — update it instead of raising a flood; and after an operator resolves it,
// stay quiet for the rule's re-arm period.
import { createHash } from 'node:crypto';
import type { Incident, Indicator } from '@portwatch/schema';
import type { Entry } from './window.ts';
import type { Rule } from './rule.ts';

export interface OpenIncident {
  incident: Incident;
  lastMs: number;
  /** Cyber assets seen in it: what propagation starts from. */
  assets: Set<string>;
  ids: Set<string>;
}

/** Per-group incident state. */
export interface IncidentSlot {
  open?: OpenIncident;
  /** No new incident before this event time (re-arm after a resolve). */
  quietUntil: number;
}

export interface RaiseContext {
  rule: Rule;
  groupKey: string;
  siteId: string;
  mode: Indicator['mode'];
  exerciseId?: string;
  zoneId: string;
  zoneName: string;
  /** Zones a set of entries reaches (own zones plus the asset graph). */
  affected(set: readonly Entry[], before: string[]): string[];
}

export function incidentId(ruleId: string, groupKey: string, windowStartMs: number): string {
  return (
    'inc-' + createHash('sha1').update(`${ruleId}\u0000${groupKey}\u0000${windowStartMs}`).digest('hex').slice(0, 20)
  );
}

/** Raises or updates; returns a copy for the caller to publish, or null when re-arming. */
export function raiseOrUpdate(incidentState: IncidentSlot, set: readonly Entry[], ctx: RaiseContext): Incident | null {
  const first = set[0].t;
  const last = set[set.length - 1].t;
  const { rule } = ctx;
  if (incidentState.open && first <= incidentState.open.lastMs + rule.suppressMs)
    return update(incidentState.open, set, ctx);
  if (last < incidentState.quietUntil) return null;
  const iso = (ms: number) => new Date(ms).toISOString();
  const assets = new Set<string>();
  for (const e of set) if (e.domain === 'cyber' && e.assetId) assets.add(e.assetId);
  const incident: Incident = {
    id: incidentId(rule.id, ctx.groupKey, first),
    ruleId: rule.id,
    title: rule.title.replace(/\{zone\}/g, ctx.zoneName).replace(/\{group\}/g, ctx.groupKey),
    severity: rule.severity,
    status: 'new',
    siteId: ctx.siteId,
    zoneId: ctx.zoneId,
    affectedZones: ctx.affected(set, []),
    domains: mergeDomains([], set),
    indicatorIds: set.map((e) => e.id),
    firstSeen: iso(first),
    lastSeen: iso(last),
    mode: ctx.mode,
    ...(ctx.exerciseId === undefined ? {} : { exerciseId: ctx.exerciseId }),
    ...(rule.tags?.length ? { tags: [...rule.tags] } : {}),
    groupKey: ctx.groupKey,
    history: [
      {
        at: iso(last),
        by: `rule:${rule.id}`,
        action: 'raised',
        ...(rule.description ? { note: rule.description } : {}),
      },
    ],
  };
  incidentState.open = { incident, lastMs: last, assets, ids: new Set(incident.indicatorIds) };
  return { ...incident, history: [...incident.history] };
}

export function update(open: OpenIncident, set: readonly Entry[], ctx: RaiseContext): Incident | null {
  const inc = open.incident;
  let changed = false;
  for (const e of set) {
    if (!open.ids.has(e.id)) {
      open.ids.add(e.id);
      inc.indicatorIds.push(e.id);
      changed = true;
    }
    if (e.domain === 'cyber' && e.assetId) open.assets.add(e.assetId);
  }
  if (!changed) return null;
  const first = set[0].t;
  const last = set[set.length - 1].t;
  if (last > open.lastMs) {
    open.lastMs = last;
    inc.lastSeen = new Date(last).toISOString();
  }
  if (first < Date.parse(inc.firstSeen)) inc.firstSeen = new Date(first).toISOString();
  inc.domains = mergeDomains(inc.domains, set);
  inc.affectedZones = ctx.affected(set, inc.affectedZones);
  return copyOf(open);
}

/** The open incident as published: a copy, so later updates do not change what was sent. */
export function copyOf(open: OpenIncident): Incident {
  const inc = open.incident;
  return {
    ...inc,
    indicatorIds: [...inc.indicatorIds],
    affectedZones: [...inc.affectedZones],
    history: [...inc.history],
  };
}

/**
 * An incident raised before a rebuild, open again in the rebuilt engine: as correlation
 * published it (an operator's status, assignee, SOP, history and the revision are the store's).
 * The cyber assets it reached are not on the incident; the records still to come add theirs.
 */
export function adoptedOpen(inc: Incident): OpenIncident {
  const { assignee: _assignee, sop: _sop, revision: _revision, ...rest } = inc;
  const incident: Incident = {
    ...rest,
    status: 'new',
    indicatorIds: [...inc.indicatorIds],
    affectedZones: [...inc.affectedZones],
    domains: [...inc.domains],
    history: inc.history.filter((h) => h.action === 'raised').slice(0, 1),
  };
  return { incident, lastMs: Date.parse(inc.lastSeen), assets: new Set(), ids: new Set(inc.indicatorIds) };
}

function mergeDomains(before: Indicator['domain'][], set: readonly Entry[]): Indicator['domain'][] {
  let physical = before.includes('physical');
  let cyber = before.includes('cyber');
  for (const e of set)
    if (e.domain === 'physical') physical = true;
    else cyber = true;
  const out: Indicator['domain'][] = [];
  if (physical) out.push('physical');
  if (cyber) out.push('cyber');
  return out;
}
