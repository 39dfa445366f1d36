// Correlation as a bus consumer: indicators (keyed by zone) in, incidents and zone states out;
// operators' resolves in (portwatch.incident-actions), which re-arm the rule's group.
import {
  TOPICS,
  incidentMessage,
  indicatorMessage,
  readIncidentActionMessage,
  readIndicatorMessage,
  readZoneEffectMessage,
  zoneEffectMessage,
  zoneStateMessage,
  type Incident,
  type Indicator,
  type Mode,
  type ZoneEffect,
  type ZoneState,
} from '@portwatch/schema';
import type { Subscription } from '../bus/bus.ts';
import type { CorrelationEngine } from './engine.ts';
import type { RiskModel } from './risk.ts';
import { laneOf } from './groups.ts';
import { RecentFindings } from './stages.ts';
import { RecentIncidents, type AdoptableLookup } from './recent-incidents.ts';
import { EffectApplier, compromiseEffects, incidentEffect } from './zone-effects.ts';
import { ZonePushes } from './zone-pushes.ts';
import { correlateMetrics } from './correlate-metrics.ts';
import type { CorrelateServiceOptions, StepOutput } from './correlate-options.ts';

export type { CorrelateServiceOptions, StepOutput } from './correlate-options.ts';

/** Resolves remembered to apply again after a rebuild (the rebuilt engine raises the incident anew). */
const RESOLVES_KEPT = 10_000;

export class CorrelateService {
  private sub: Subscription | null = null;
  private actionsSub: Subscription | null = null;
  private recentResolves = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private readonly pushes = new ZonePushes();
  private seenIncidents = new Set<string>();
  private modesSeen = new Set<Mode>(['live']);
  private readonly seenIds: RecentFindings | null;
  private readonly effects: EffectApplier | null;
  private recentIncidents: RecentIncidents | null;

  constructor(private readonly options: CorrelateServiceOptions) {
    this.engine = options.engine;
    this.risk = options.risk;
    this.recentIncidents = options.recentIncidents ?? null;
    if (this.recentIncidents) this.engine.adoptFrom(this.adoptable);
    this.seenIds = options.siteStage ? new RecentFindings() : null;
    this.effects = options.zoneEffects ? new EffectApplier(options.zoneEffects.horizonMs) : null;
  }

  metrics(): string[] {
    return correlateMetrics({ ...this.counters, late: this.engine.stats.late });
  }

  private reset(): void {
    const r = this.options.rebuild!;
    this.engine = r.makeEngine();
    if (this.recentIncidents) this.engine.adoptFrom(this.adoptable);
    this.risk = r.makeRisk();
    this.seenIncidents.clear();
    this.eventClock.clear();
    this.seenIds?.clear();
    this.effects?.clear();
    this.pushes.rebuilt(Date.now());
    this.counters.rebuilds++;
  }

  private engine: CorrelationEngine;
  private risk: RiskModel;
  private counters = { indicators: 0, incidents: 0, rebuilds: 0, findings: 0 };

  /** What a rebuilt engine goes on with: the group's incident from before, and its resolve if any. */
  private readonly adoptable: AdoptableLookup = (ruleId, groupKey, atMs) => {
    const incident = this.recentIncidents?.find(ruleId, groupKey, atMs);
    if (!incident) return undefined;
    const resolvedAtMs = this.recentResolves.get(incident.id);
    return resolvedAtMs === undefined ? { incident } : { incident, resolvedAtMs };
  };

  /** Pure step, used by the bus handler and by replay: indicators in, messages out. */
  step(indicators: Indicator[]): StepOutput {
    const { engine, risk } = this;
    this.counters.indicators += indicators.length;
    const incidents: Incident[] = [];
    const zones = new Map<string, ZoneState>();
    const effects: ZoneEffect[] = [];
    for (const ind of indicators) {
      this.modesSeen.add(ind.mode);
      this.sawEventTime(ind);
      // Its own zone and, for a compromised asset, the zones depending on it (on many
      // workers, those go to the workers holding them).
      if (!this.effects) for (const z of risk.observeAll(ind)) zones.set(z.mode + '|' + z.zoneId, z);
      else if (!this.options.siteStage) {
        const own = risk.observeOwn(ind);
        if (own) zones.set(own.mode + '|' + own.zoneId, own);
        effects.push(...compromiseEffects(risk, ind));
      }
      this.track(engine.process(ind), incidents, zones, effects);
    }
    const changed = [...zones.values()].filter((z) => this.pushes.changed(z));
    return { incidents, zones: changed, effects };
  }

  private track(raised: Incident[], incidents: Incident[], zones: Map<string, ZoneState>, effects: ZoneEffect[]) {
    for (const inc of raised) {
      incidents.push(inc);
      if (this.seenIncidents.has(inc.id)) continue;
      this.seenIncidents.add(inc.id);
      // Rebuilt state raised an incident an operator had resolved: it stays resolved, and its
      // group re-arms as it did before the rebuild.
      const resolvedAt = this.recentResolves.get(inc.id);
      if (resolvedAt !== undefined) this.engine.resolved(inc.id, resolvedAt);
      // A zone reached through the asset graph names the asset that put it at risk.
      const via = this.engine.assetsOf(inc.id)[0] ?? inc.zoneId;
      for (const zone of inc.affectedZones) {
        const through = zone === inc.zoneId ? undefined : via;
        // On many workers only the incident's own zone is surely held here (a zone-stage
        // group is one zone); the site stage holds none.
        if (this.effects && (this.options.siteStage || zone !== inc.zoneId))
          effects.push(incidentEffect(inc, zone, through));
        else {
          const s = this.risk.incident(inc.mode, zone, inc.severity, true, through);
          zones.set(s.mode + '|' + s.zoneId, s);
        }
      }
    }
  }

  /** Newest event time per mode and the wall time it was seen: event time goes on while feeds are quiet. */
  private eventClock = new Map<string, { mode: Mode; eventMs: number; wallMs: number }>();

  private sawEventTime(ind: Indicator) {
    const t = Date.parse(ind.time);
    const lane = laneOf(ind);
    const c = this.eventClock.get(lane);
    if (!c || t > c.eventMs) this.eventClock.set(lane, { mode: ind.mode, eventMs: t, wallMs: Date.now() });
  }

  /**
   * Absences (A not followed by B) are due when event time passes their deadline, even if no
   * record comes to show it: event time is advanced by the wall time elapsed since the newest
   * record (not set to the wall clock, so a feed with skewed or old timestamps is not made late).
   */
  advance(wallNowMs: number): StepOutput {
    const incidents: Incident[] = [];
    const zones = new Map<string, ZoneState>();
    const effects: ZoneEffect[] = [];
    for (const [lane, c] of this.eventClock) {
      if (c.mode === 'replay') continue; // a replay's time is its capture's, not ours
      this.track(
        this.engine.advance(c.eventMs + Math.max(0, wallNowMs - c.wallMs), { lanes: [lane] }),
        incidents,
        zones,
        effects,
      );
    }
    return { incidents, zones: [...zones.values()].filter((z) => this.pushes.changed(z)), effects };
  }

  /** An operator resolved an incident: its rule group re-arms (no new incident for the rule's re-arm period). */
  resolved(incidentId: string, atMs: number): boolean {
    this.recentResolves.delete(incidentId);
    this.recentResolves.set(incidentId, atMs);
    if (this.recentResolves.size > RESOLVES_KEPT) this.recentResolves.delete(this.recentResolves.keys().next().value!);
    return this.engine.resolved(incidentId, atMs);
  }

  /**
   * The embedded restart: the in-process bus kept nothing, so windows are rebuilt from the
   * stored indicators (oldest first) with the operators' resolves applied before, and what the
   * rebuild raises is published again — incident ids are deterministic, so the store merges a
   * re-raised incident into the one it has, and one completed only now is raised once. An
   * incident open for longer than the rebuilt window (`incidents`: the stored ones lately
   * active) is gone on with, not raised again under the id of a later window.
   * Call before start(), so new records come after the old ones.
   */
  async rebuildFrom(
    stored: AsyncIterable<Indicator[]>,
    resolves: { incidentId: string; atMs: number }[],
    incidents: Incident[] = [],
  ): Promise<number> {
    for (const r of resolves) this.recentResolves.set(r.incidentId, r.atMs);
    if (incidents.length && !this.recentIncidents) {
      this.recentIncidents = new RecentIncidents(Infinity);
      this.engine.adoptFrom(this.adoptable);
    }
    for (const inc of incidents) this.recentIncidents!.offer(inc);
    let n = 0;
    for await (const batch of stored) {
      n += batch.length;
      await this.publish(this.step(batch));
    }
    this.counters.rebuilds++;
    return n;
  }

  private applyActions(batch: { messages: { value: string; offset: string }[] }): void {
    for (const m of batch.messages) {
      const read = readIncidentActionMessage(m.value);
      if (!read.ok) {
        this.options.log.error('unreadable incident action on the bus', { offset: m.offset, reason: read.reason });
        continue;
      }
      this.resolved(read.value.incidentId, Date.parse(read.value.at));
    }
  }

  private async applyEffects(batch: { messages: { value: string; offset: string }[] }): Promise<void> {
    const effects: ZoneEffect[] = [];
    for (const m of batch.messages) {
      const read = readZoneEffectMessage(m.value);
      if (!read.ok) {
        this.options.log.error('unreadable zone effect on the bus', { offset: m.offset, reason: read.reason });
        continue;
      }
      this.modesSeen.add(read.value.mode);
      effects.push(read.value);
    }
    const zones = this.effects!.apply(this.risk, effects).filter((z) => this.pushes.changed(z));
    await this.publish({ incidents: [], zones, effects: [] });
  }

  async start(): Promise<void> {
    const { bus } = this.options;
    const rebuild = this.options.rebuild;
    // The zone stage reads its zones' effects with their indicators: the same partitions of
    // both topics, so the worker holding a zone's indicators applies every raise of that zone.
    const readsEffects = Boolean(this.effects && !this.options.siteStage);
    this.sub = await bus.subscribe(
      {
        groupId: this.options.groupId ?? 'portwatch-correlate',
        topics: [this.options.topic ?? TOPICS.indicators, ...(readsEffects ? [TOPICS.zoneEffects] : [])],
        fromBeginning: true,
        ...(readsEffects ? { copartitioned: true } : {}),
        ...(rebuild ? { onAssigned: () => this.reset(), rewindMs: rebuild.windowMs } : {}),
      },
      async (batch) => {
        if (batch.topic === TOPICS.zoneEffects) return this.applyEffects(batch);
        const indicators: Indicator[] = [];
        for (const m of batch.messages) {
          const read = readIndicatorMessage(m.value);
          if (!read.ok) {
            this.options.log.error('unreadable indicator on the bus', { offset: m.offset, reason: read.reason });
            continue;
          }
          const ind = read.value;
          const site = this.options.siteStage;
          if (!site || this.seenIds!.add(ind.id, Date.parse(ind.time), site.horizonOf(ind))) indicators.push(ind);
        }
        const findings = this.options.findings;
        if (findings) {
          // Before this batch's offsets are committed: a finding is passed on at least once.
          const passed = indicators.filter(findings);
          if (passed.length)
            await bus.publish(
              TOPICS.findings,
              passed.map((ind) => ({ ...indicatorMessage(ind), key: ind.siteId })),
            );
          this.counters.findings += passed.length;
        }
        await this.publish(this.step(indicators));
      },
    );
    // Every instance reads every resolve (a group of its own). On Kafka it re-reads the recent
    // ones after each assignment, like the indicators, so a restarted worker knows them too.
    this.actionsSub = await bus.subscribe(
      {
        groupId: this.options.actionsGroupId ?? `${this.options.groupId ?? 'portwatch-correlate'}.actions`,
        ownGroup: true,
        topics: [TOPICS.incidentActions],
        fromBeginning: true,
        ...(rebuild ? { rewindMs: rebuild.windowMs } : {}),
      },
      async (batch) => this.applyActions(batch),
    );
    const sweepMs = this.options.sweepMs ?? 10_000;
    if (sweepMs > 0) this.timer = setInterval(() => void this.sweep(Date.now()).catch(() => {}), sweepMs);
  }

  async sweep(nowMs: number): Promise<void> {
    await this.publish(this.advance(nowMs));
    const zones: ZoneState[] = [];
    for (const mode of this.modesSeen)
      for (const z of this.risk.snapshot(mode, nowMs)) if (this.pushes.changed(z, true)) zones.push(z);
    await this.publish({ incidents: [], zones, effects: [] });
  }

  private async publish(out: StepOutput) {
    this.counters.incidents += out.incidents.length;
    if (out.incidents.length) await this.options.bus.publish(TOPICS.incidents, out.incidents.map(incidentMessage));
    if (out.zones.length && !this.options.siteStage)
      await this.options.bus.publish(TOPICS.zoneState, out.zones.map(zoneStateMessage));
    if (out.effects.length) await this.options.bus.publish(TOPICS.zoneEffects, out.effects.map(zoneEffectMessage));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sub?.stop();
    await this.actionsSub?.stop();
  }

  /** Groups and records correlation holds now (memory follows these). */
  windowStats(): { groups: number; entries: number } {
    return this.engine.windowStats();
  }
}
