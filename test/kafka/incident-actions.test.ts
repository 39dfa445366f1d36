// The scaled deployment's resolve path against the real Kafka broker: the API publishes the
// resolve on portwatch.incident-actions, the correlation worker reads it and re-arms the
// rule's group, and a worker that starts over (a rebalance, a restart) re-reads it along
// with the indicators and keeps the incident resolved.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { TOPICS, indicatorMessage, type Incident, type Indicator } from '@portwatch/schema';
import {
  CorrelateService,
  CorrelationEngine,
  KafkaBus,
  RiskModel,
  silentLogger,
  type Subscription,
} from '@portwatch/ingest';
import { loadSiteBundle, type SiteBundle } from '@portwatch/system';
import { resolveNotifier } from '../../api/src/incidents/resolve-notifier.ts';
import { KAFKA_BROKERS, runId, connectKafka } from '../support/brokers.ts';
import { droneIndicator } from '../support/indicators.ts';
import { eventually } from '../support/system.ts';

const MIN = 60_000;
const namespace = `pw-test-actions-${runId()}`;
let bus: KafkaBus;
let bundle: SiteBundle;
let watch: Subscription;
const published: Incident[] = [];
const workers: CorrelateService[] = [];

function worker(): CorrelateService {
  const zoneIds = bundle.site.zones.features.map((f) => f.properties.id);
  const makeEngine = () => new CorrelationEngine(bundle.rules, { assets: bundle.site.assets });
  const makeRisk = () => new RiskModel('valencia', zoneIds);
  // As start-system builds it on Kafka: state rebuilt from the last two hours after an assignment.
  const svc = new CorrelateService({
    bus,
    engine: makeEngine(),
    risk: makeRisk(),
    log: silentLogger,
    sweepMs: 0,
    rebuild: { windowMs: 120 * MIN, makeEngine, makeRisk },
  });
  workers.push(svc);
  return svc;
}

let n = 0;
function drone(uasId: string, timeMs: number): Indicator {
  return droneIndicator(`rid-${namespace}-${++n}`, uasId, timeMs);
}

const publish = (list: Indicator[]) => bus.publish(TOPICS.indicators, list.map(indicatorMessage));
const raisedFrom = (ind: Indicator) =>
  eventually(async () => published.find((i) => i.indicatorIds.includes(ind.id)), 60_000, `an incident from ${ind.id}`);

beforeAll(async () => {
  bundle = await loadSiteBundle('valencia');
  bus = new KafkaBus({ brokers: KAFKA_BROKERS, clientId: namespace, namespace, partitions: 2 });
  await connectKafka(bus);
  watch = await bus.subscribe(
    { groupId: 'test-watch', topics: [TOPICS.incidents], fromBeginning: true },
    async (batch) => {
      for (const m of batch.messages) published.push(JSON.parse(m.value) as Incident);
    },
  );
});
afterAll(async () => {
  for (const w of workers) await w.stop().catch(() => {});
  await watch?.stop();
  await bus?.close();
});

describe('resolve over Kafka', () => {
  let first: CorrelateService;

  /** Raises an incident from one drone report, resolves it the way the API does on Kafka, and waits until `w` has read the resolve. */
  async function raiseAndResolve(w: CorrelateService, uasId: string, seenMs: number, atMs: number): Promise<Incident> {
    const applied = vi.spyOn(w, 'resolved');
    const seen = drone(uasId, seenMs);
    await publish([seen]);
    const incident = await raisedFrom(seen);
    await resolveNotifier(bus, null)(incident, atMs);
    await eventually(
      async () => applied.mock.calls.some(([id]) => id === incident.id),
      60_000,
      'the worker to read the resolve',
    );
    return incident;
  }

  it('re-arms the rule in the worker that holds the incident', async () => {
    first = worker();
    await first.start();
    const now = Date.now();
    await raiseAndResolve(first, '1581F5FJD22KAFKA', now - 50 * MIN, now);
    // 48 minutes after the first report, past the rule's 30-minute suppression: without the
    // re-arm a new incident; within the 10-minute re-arm, nothing.
    const again = drone('1581F5FJD22KAFKA', now - 2 * MIN);
    const other = drone('1581F5FJD22OTHER', now - MIN);
    await publish([again, other]);
    // One zone's indicators are handled in order: the other drone's incident comes after.
    await raisedFrom(other);
    expect(published.filter((i) => i.indicatorIds.includes(again.id))).toEqual([]);
  });

  it('keeps the rule quiet in a worker that starts over and rebuilds from Kafka', async () => {
    const now = Date.now();
    // Within the allowed lateness of what the worker has seen so far (the first test's reports).
    const incident = await raiseAndResolve(first, '1581F5FJD22REBLD', now - 4 * MIN, now);
    // The worker is gone; a new one re-reads the last two hours of indicators, raises the
    // resolved incident again from them, and re-reads the resolve.
    await first.stop();
    const second = worker();
    const reapplied = vi.spyOn(second, 'resolved');
    const before = published.length;
    await second.start();
    await eventually(
      async () => reapplied.mock.calls.some(([id]) => id === incident.id),
      60_000,
      'the new worker to re-read the resolve',
    );
    await eventually(
      async () => published.slice(before).find((i) => i.id === incident.id),
      60_000,
      'the rebuilt incident',
    );
    // Without the resolve the rebuilt worker would hold the incident open and add this report to it.
    const late = drone('1581F5FJD22REBLD', now - 30_000);
    const marker = drone('1581F5FJD22MARKR', now);
    await publish([late, marker]);
    await raisedFrom(marker);
    expect(published.filter((i) => i.indicatorIds.includes(late.id))).toEqual([]);
  });
});
