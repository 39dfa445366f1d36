// Correlation as a bus consumer: indicators (keyed by zone) in, incidents and zone states out;
// operators' resolves in (portwatch.incident-actions), which re-arm the rule's group.
import { hostname } from 'node:os';
import {
  TOPICS,
  incidentMessage,
  indicatorMessage,
  readIncidentActionMessage,
  readIndicatorMessage,
  zoneStateMessage,
  type Incident,
  type Indicator,
  type Mode,
  type ZoneState,
} from '@portwatch/schema';
import type { Bus, Subscription } from '../bus/bus.ts';
import type { Logger } from '../log.ts';
import { CorrelationEngine } from './engine.ts';
import { RiskModel } from './risk.ts';
import { laneOf } from './groups.ts';
import { RecentIds } from './stages.ts';

export interface CorrelateServiceOptions {
  bus: Bus;
  engine: CorrelationEngine;
  risk: RiskModel;
  groupId?: string;
  log: Logger;
  /** How often decayed zone risk is pushed (ms); 0 turns the timer off. */
  sweepMs?: number;
  /**
   * On Kafka: after a rebalance, start over with fresh state and re-read the assigned zones'
   * recent indicators (seek by timestamp) — state is rebuilt from Kafka, not kept elsewhere.
   */
  rebuild?: { windowMs: number; makeEngine: () => CorrelationEngine; makeRisk: () => RiskModel };
  /**
   * Consumer group of the incident-actions topic. Every correlation instance must see every
   * resolve (only the one holding the incident's group can apply it), so each instance reads
   * the topic in a group of its own; the default is unique per host and process.
   */
  actionsGroupId?: string;
  /** Input topic: the indicators (stage 1, the default) or the site-keyed findings (stage 2, stages.ts). */
  topic?: string;
  /** Stage 1 of two: indicators this predicate accepts are published to the findings topic, keyed by site. */
  findings?: (ind: Indicator) => boolean;
  /**
   * Stage 2: zone risk is the zone stage's (it sees every indicator); a site stage publishes
   * incidents only, and counts each indicator once however often stage 1 passed it on.
   */
  siteStage?: { dedupeMs: number };
}

/** Resolves remembered to apply again after a rebuild (the rebuilt engine raises the incident anew). */
const RESOLVES_KEPT = 10_000;
let instances = 0;

export class CorrelateService {
  private sub: Subscription | null = null;
  private actionsSub: Subscription | null = null;
  private recentResolves = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private lastPushed = new Map<string, number>();
  private seenIncidents = new Set<string>();
  private modesSeen = new Set<Mode>(['live']);
  private readonly seenIds: RecentIds | null;

  constructor(private readonly options: CorrelateServiceOptions) {
    this.engine = options.engine;
    this.risk = options.risk;
    this.seenIds = options.siteStage ? new RecentIds(options.siteStage.dedupeMs) : null;
  }

  metrics(): string[] {
    const late = this.engine.stats.late;
    return [
      '# HELP portwatch_correlate_indicators_total Indicators run through correlation.',
      '# TYPE portwatch_correlate_indicators_total counter',
      `portwatch_correlate_indicators_total ${this.counters.indicators}`,
      '# HELP portwatch_correlate_incidents_total Incident raises and updates published.',
      '# TYPE portwatch_correlate_incidents_total counter',
      `portwatch_correlate_incidents_total ${this.counters.incidents}`,
      '# HELP portwatch_correlate_late_total Indicators that arrived later than the allowed lateness.',
      '# TYPE portwatch_correlate_late_total counter',
      `portwatch_correlate_late_total ${late}`,
      '# HELP portwatch_correlate_findings_total Indicators passed on to the site stage (rules spanning zones).',
      '# TYPE portwatch_correlate_findings_total counter',
      `portwatch_correlate_findings_total ${this.counters.findings}`,
      '# HELP portwatch_correlate_rebuilds_total State rebuilds after a partition assignment.',
      '# TYPE portwatch_correlate_rebuilds_total counter',
      `portwatch_correlate_rebuilds_total ${this.counters.rebuilds}`,
    ];
  }

  private reset(): void {
    const r = this.options.rebuild!;
    this.engine = r.makeEngine();
    this.risk = r.makeRisk();
    this.seenIncidents.clear();
    this.lastPushed.clear();
    this.eventClock.clear();
    this.seenIds?.clear();
    this.counters.rebuilds++;
  }

  private engine: CorrelationEngine;
  private risk: RiskModel;
  private counters = { indicators: 0, incidents: 0, rebuilds: 0, findings: 0 };

  /** Pure step, used by the bus handler and by replay: indicators in, messages out. */
  step(indicators: Indicator[]): { incidents: Incident[]; zones: ZoneState[] } {
    const { engine, risk } = this;
    this.counters.indicators += indicators.length;
    const incidents: Incident[] = [];
    const zones = new Map<string, ZoneState>();
    for (const ind of indicators) {
      this.modesSeen.add(ind.mode);
      this.sawEventTime(ind);
      // Its own zone and, for a compromised asset, the zones depending on it.
      for (const z of risk.observeAll(ind)) zones.set(z.mode + '|' + z.zoneId, z);
      this.track(engine.process(ind), incidents, zones);
    }
    // Push a zone only when its risk moved noticeably; the sweep catches slow decay.
    const changed = [...zones.values()].filter((z) => this.changed(z));
    return { incidents, zones: changed };
  }

  private track(raised: Incident[], incidents: Incident[], zones: Map<string, ZoneState>) {
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
        const s = this.risk.incident(inc.mode, zone, inc.severity, true, zone === inc.zoneId ? undefined : via);
        zones.set(s.mode + '|' + s.zoneId, s);
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
  advance(wallNowMs: number): { incidents: Incident[]; zones: ZoneState[] } {
    const incidents: Incident[] = [];
    const zones = new Map<string, ZoneState>();
    for (const [lane, c] of this.eventClock) {
      if (c.mode === 'replay') continue; // a replay's time is its capture's, not ours
      this.track(
        this.engine.advance(c.eventMs + Math.max(0, wallNowMs - c.wallMs), { lanes: [lane] }),
        incidents,
        zones,
      );
    }
    return { incidents, zones: [...zones.values()].filter((z) => this.changed(z)) };
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
   * re-raised incident into the one it has, and one completed only now is raised once.
   * Call before start(), so new records come after the old ones.
   */
  async rebuildFrom(
    stored: AsyncIterable<Indicator[]>,
    resolves: { incidentId: string; atMs: number }[],
  ): Promise<number> {
    for (const r of resolves) this.recentResolves.set(r.incidentId, r.atMs);
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

  private changed(z: ZoneState): boolean {
    const k = z.mode + '|' + z.zoneId;
    const before = this.lastPushed.get(k);
    if (before !== undefined && Math.abs(before - z.risk) < 0.5) return false;
    this.lastPushed.set(k, z.risk);
    return true;
  }

  async start(): Promise<void> {
    const { bus } = this.options;
    const rebuild = this.options.rebuild;
    this.sub = await bus.subscribe(
      {
        groupId: this.options.groupId ?? 'portwatch-correlate',
        topics: [this.options.topic ?? TOPICS.indicators],
        fromBeginning: true,
        ...(rebuild ? { onAssigned: () => this.reset(), rewindMs: rebuild.windowMs } : {}),
      },
      async (batch) => {
        const indicators: Indicator[] = [];
        for (const m of batch.messages) {
          const read = readIndicatorMessage(m.value);
          if (!read.ok) {
            this.options.log.error('unreadable indicator on the bus', { offset: m.offset, reason: read.reason });
            continue;
          }
          if (!this.seenIds || this.seenIds.add(read.value.id, Date.parse(read.value.time)))
            indicators.push(read.value);
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
        groupId:
          this.options.actionsGroupId ??
          `${this.options.groupId ?? 'portwatch-correlate'}.actions.${hostname()}.${process.pid}.${++instances}`,
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
      for (const z of this.risk.snapshot(mode, nowMs)) if (this.changed(z)) zones.push(z);
    await this.publish({ incidents: [], zones });
  }

  private async publish(out: { incidents: Incident[]; zones: ZoneState[] }) {
    this.counters.incidents += out.incidents.length;
    if (out.incidents.length) await this.options.bus.publish(TOPICS.incidents, out.incidents.map(incidentMessage));
    if (out.zones.length && !this.options.siteStage)
      await this.options.bus.publish(TOPICS.zoneState, out.zones.map(zoneStateMessage));
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
