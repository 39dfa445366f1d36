// The embedded demo's traffic: background records generated second by second for "now",
// and a hybrid scenario soon after start and then every few minutes.
import type { CaptureRecord, FeedConfig, Site } from '@portwatch/schema';
import { BackgroundTraffic } from './background.ts';
import type { MqttCredentials } from '@portwatch/schema';
import { RecordPublisher, type RecordBus } from './publisher.ts';
import { Rng } from './rng.ts';
import { buildScenario, type Scenario } from './scenario.ts';
import { SCENARIOS } from './scenarios/index.ts';

interface Log {
  info(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface LiveSimulationOptions {
  site: Site;
  feeds: FeedConfig[];
  mqttUrl: string | null;
  /** The MQTT account and TLS settings (the sensors' broker of a scaled deployment asks for them). */
  mqttCredentials?: MqttCredentials;
  bus: RecordBus | null;
  scenarioEveryMs: number;
  /** Delay before the first scenario, so a new user sees an incident soon. */
  firstScenarioAfterMs?: number;
  seed?: number;
  log: Log;
}

export class LiveSimulation {
  private publisher: RecordPublisher;
  private background: BackgroundTraffic;
  private rng: Rng;
  private timer: NodeJS.Timeout | null = null;
  private pending: CaptureRecord[] = [];
  private last = Date.now();
  private nextScenarioAt: number;
  private busy = false;
  private scenarios: Scenario[];

  constructor(private o: LiveSimulationOptions) {
    this.rng = new Rng(o.seed ?? Date.now());
    this.publisher = new RecordPublisher(o.mqttUrl, o.bus, undefined, o.mqttCredentials);
    this.background = new BackgroundTraffic(o.site, o.feeds, this.rng);
    this.nextScenarioAt = Date.now() + (o.firstScenarioAfterMs ?? 20_000);
    this.scenarios = SCENARIOS.filter((s) => s.sites.includes(o.site.id) && this.canRun(s));
  }

  /** A scenario needs the site to declare the feeds it sends on: one it cannot carry is left out, said once. */
  private canRun(s: Scenario): boolean {
    try {
      buildScenario(s, this.o.site, this.o.feeds, new Rng(1), 0);
      return true;
    } catch (err) {
      this.o.log.info('simulation: scenario left out', {
        scenario: s.id,
        reason: err instanceof Error ? err.message : String(err),
      });
      return false;
    }
  }

  async start(): Promise<void> {
    await this.publisher.connect();
    this.timer = setInterval(() => void this.tick(), 1000);
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const now = Date.now();
      const due = this.background.slice(this.last, now);
      this.last = now;
      if (now >= this.nextScenarioAt && this.scenarios.length) {
        const s = this.rng.pick(this.scenarios);
        this.pending.push(...buildScenario(s, this.o.site, this.o.feeds, this.rng, now));
        this.pending.sort((a, b) => a.t.localeCompare(b.t));
        this.nextScenarioAt = now + this.o.scenarioEveryMs;
        this.o.log.info('simulation: scenario started', { scenario: s.id, expected: s.expected(this.o.site) });
      }
      while (this.pending.length && Date.parse(this.pending[0].t) <= now) due.push(this.pending.shift()!);
      if (due.length) await this.publisher.publish(due);
    } catch (err) {
      this.o.log.error('simulation: publish failed', { error: String(err) });
    } finally {
      this.busy = false;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    while (this.busy) await new Promise((r) => setTimeout(r, 20));
    await this.publisher.close();
  }
}
