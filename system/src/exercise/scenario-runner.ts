// The exercise runner the API is handed: a scenario's records, MQTT and Kafka alike, sent on
// the exercise channel — MQTT topics behind `exercise/<id>/`, Kafka topics behind `exercise.`
// with the exercise's id in a header — so the same pipeline marks every indicator and
// incident as the exercise's. Runs wherever the API does (in the scaled deployment the API
// role publishes to the real brokers); the API itself never loads simulators code.
import { createHash } from 'node:crypto';
import { EXERCISE_HEADER, exerciseTopic, type Bus } from '@portwatch/ingest';
import type { ExercisePlan, ExerciseRun, ExerciseRunner, RunOptions } from '@portwatch/api';
import type { CaptureRecord, MqttCredentials, ScenarioSummary } from '@portwatch/schema';
import {
  DEFAULT_ACK_WITHIN_S,
  RecordPublisher,
  Rng,
  SCENARIOS,
  buildScenario,
  findScenario,
} from '@portwatch/simulators';
import type { SiteBundle } from '../load-site-bundle.ts';

/** Max speed still lets the pipeline catch up every minute of scenario time (records stay roughly in order). */
const MAX_SPEED_BREATH = { everyMs: 60_000, pauseMs: 50 };

export interface ScenarioRunnerOptions {
  bundle: SiteBundle;
  bus: Bus;
  /** The sensors' MQTT broker; null when the scenario may send Kafka records only. */
  mqttUrl: string | null;
  /** Its account and TLS settings. */
  mqttCredentials?: MqttCredentials;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function seedOf(id: string): number {
  return createHash('sha1').update(id).digest().readUInt32BE(0);
}

/**
 * The scenario's records as an exercise sends them: on the exercise channel's topics, seeded
 * by the exercise id (a Kafka record's exercise goes in the EXERCISE_HEADER header).
 */
export function exerciseRecords(
  bundle: SiteBundle,
  scenarioId: string,
  exerciseId: string,
  startMs: number,
): CaptureRecord[] {
  const s = findScenario(scenarioId);
  if (!s) throw new Error(`unknown scenario "${scenarioId}"`);
  return buildScenario(s, bundle.site, bundle.feeds, new Rng(seedOf(exerciseId)), startMs).map((r) => ({
    ...r,
    topic: exerciseTopic(r.via, r.topic, exerciseId),
  }));
}

export class ScenarioRunner implements ExerciseRunner {
  constructor(private readonly o: ScenarioRunnerOptions) {}

  scenarios(): ScenarioSummary[] {
    const { site } = this.o.bundle;
    return SCENARIOS.filter((s) => s.sites.includes(site.id)).map((s) => {
      const plan = this.plan(s.id, site.id);
      return {
        id: s.id,
        title: s.title,
        description: s.description,
        sites: s.sites,
        hybrid: plan.injects.some((i) => i.via.includes('kafka')) && plan.injects.some((i) => i.via.includes('mqtt')),
        durationS: plan.durationS,
        injects: plan.injects.length,
        expected: plan.expected.map((e) => ({ ruleId: e.ruleId, zoneId: e.zoneId })),
      };
    });
  }

  plan(scenarioId: string, siteId: string, exerciseId?: string): ExercisePlan {
    const { site, feeds } = this.o.bundle;
    const s = findScenario(scenarioId);
    if (!s) throw new Error(`unknown scenario "${scenarioId}" (known here: ${this.scenarioIds().join(', ')})`);
    if (siteId !== site.id || !s.sites.includes(site.id))
      throw new Error(`scenario "${scenarioId}" is written for ${s.sites.join(', ')}, not "${siteId}"`);
    const records = buildScenario(s, site, feeds, new Rng(exerciseId ? seedOf(exerciseId) : 1), 0);
    const durationS = Math.round(s.durationMs / 1000);
    const injects = s.injects.map((inj, i) => {
      const from = inj.atS * 1000;
      const to = i + 1 < s.injects.length ? s.injects[i + 1].atS * 1000 : Infinity;
      const mine = records.filter((r) => Date.parse(r.t) >= from && Date.parse(r.t) < to);
      return {
        atS: inj.atS,
        title: inj.title,
        feeds: inj.feeds,
        records: mine.length,
        via: [...new Set(mine.map((r) => r.via))].sort(),
      };
    });
    return {
      scenario: s.id,
      title: s.title,
      siteId: site.id,
      durationS,
      injects,
      expected: s.expected(site).map((e) => ({
        ruleId: e.ruleId,
        zoneId: e.zoneId,
        detectWithinS: Math.round(e.deadlineMs / 1000),
        acknowledgeWithinS: e.acknowledgeWithinS ?? DEFAULT_ACK_WITHIN_S,
      })),
      records: records.length,
    };
  }

  run(opts: RunOptions): ExerciseRun {
    const records = exerciseRecords(this.o.bundle, opts.plan.scenario, opts.exerciseId, opts.scenarioStartMs);
    let stopped = false;
    const done = this.send(records, opts, () => stopped);
    return {
      done,
      stop: () => {
        stopped = true;
      },
    };
  }

  private scenarioIds(): string[] {
    return SCENARIOS.filter((s) => s.sites.includes(this.o.bundle.site.id)).map((s) => s.id);
  }

  private async send(records: CaptureRecord[], opts: RunOptions, stopped: () => boolean): Promise<void> {
    const sleep = this.o.sleep ?? realSleep;
    const needsMqtt = records.some((r) => r.via === 'mqtt');
    if (needsMqtt && !this.o.mqttUrl) throw new Error('the scenario has MQTT records and no MQTT broker is configured');
    const publisher = new RecordPublisher(
      needsMqtt ? this.o.mqttUrl : null,
      this.o.bus,
      `portwatch-${opts.exerciseId}`,
      this.o.mqttCredentials,
    );
    await publisher.connect();
    const headers = { [EXERCISE_HEADER]: opts.exerciseId };
    const wallStart = Date.now();
    let nextInject = 0;
    let breathAt = opts.scenarioStartMs + MAX_SPEED_BREATH.everyMs;
    try {
      for (let i = 0; i < records.length; i++) {
        if (stopped()) return;
        const r = records[i];
        const t = Date.parse(r.t);
        if (Number.isFinite(opts.speed)) {
          const due = wallStart + (t - opts.scenarioStartMs) / opts.speed;
          if (due > Date.now()) await sleep(due - Date.now());
          if (stopped()) return;
        } else if (t >= breathAt) {
          await sleep(MAX_SPEED_BREATH.pauseMs);
          breathAt = t + MAX_SPEED_BREATH.everyMs;
        }
        while (
          nextInject < opts.plan.injects.length &&
          t - opts.scenarioStartMs >= opts.plan.injects[nextInject].atS * 1000
        )
          opts.onInject(nextInject++, Date.now());
        await publisher.publish([r], headers);
        opts.onProgress(i + 1);
      }
      while (nextInject < opts.plan.injects.length) opts.onInject(nextInject++, Date.now());
    } finally {
      await publisher.close();
    }
  }
}
