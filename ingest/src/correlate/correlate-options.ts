// What a correlation service is given (correlate-service.ts) and what one step of it publishes.
import type { Incident, Indicator, ZoneEffect, ZoneState } from '@portwatch/schema';
import type { Bus } from '../bus/bus.ts';
import type { Logger } from '../log.ts';
import type { CorrelationEngine } from './engine.ts';
import type { RiskModel } from './risk.ts';
import type { RecentIncidents } from './recent-incidents.ts';

/** What a step publishes: incidents, the zone states it changed, effects on zones held elsewhere. */
export interface StepOutput {
  incidents: Incident[];
  zones: ZoneState[];
  effects: ZoneEffect[];
}

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
   * Incidents raised before this engine started — on Kafka those every worker published
   * (incident-follower.ts), so the worker a zone moves to goes on with the incidents kept open
   * longer than the rebuild window instead of raising them again under new ids.
   */
  recentIncidents?: RecentIncidents;
  /**
   * Family of the incident-actions consumer groups. Every correlation instance must see every
   * resolve (only the one holding the incident's group can apply it), so each instance reads
   * the topic in a group of its own (SubscribeOptions.ownGroup); default `<groupId>.actions`.
   */
  actionsGroupId?: string;
  /** Input topic: the indicators (stage 1, the default) or the site-keyed findings (stage 2, stages.ts). */
  topic?: string;
  /** Stage 1 of two: indicators this predicate accepts are published to the findings topic, keyed by site. */
  findings?: (ind: Indicator) => boolean;
  /**
   * Stage 2: zone risk is the zone stage's (it sees every indicator); a site stage publishes
   * incidents only, and counts each indicator once however often stage 1 passed it on,
   * remembering its id for `horizonOf` it (stages.ts, findingHorizon).
   */
  siteStage?: { horizonOf: (ind: Indicator) => number };
  /**
   * Zones are split between workers (Kafka): what this service raises in a zone other than its
   * record's own is published as an effect for the worker holding that zone (zone-effects.ts),
   * and the zone stage reads its zones' effects with their indicators. `horizonMs`: how long an
   * effect's id is remembered, so one published again by a rebuild is applied once.
   */
  zoneEffects?: { horizonMs: number };
}
