// Correlation the same on two workers as on one, on the real Kafka broker: zones split between
// two workers of one group, every kind of rule spanning zones (value_count across zones: eight
// cloned badges; temporal_ordered across zones; temporal_ordered through assets) raises the
// same incidents, once each, as one engine over the same input — also when a worker leaves
// half-way through the windows. Zone risk too: a cross-zone incident raises its zones exactly as
// on one worker, though the worker holding a zone is not the one that raised the incident.
import { describe, it, expect, afterEach } from 'vitest';
import { TOPICS, indicatorMessage, type Incident, type Indicator, type ZoneState } from '@portwatch/schema';
import {
  CorrelateService,
  CorrelationEngine,
  KafkaBus,
  MemoryBus,
  RiskModel,
  silentLogger,
  type Subscription,
} from '@portwatch/ingest';
import { loadSiteBundle, type SiteBundle, type SystemConfig } from '@portwatch/system';
import { startWorker } from '../../system/src/roles/worker-role.ts';
import { KAFKA_BROKERS, MQTT_URL, runId } from '../support/brokers.ts';
import { eventually } from '../support/system.ts';

interface Worker {
  bus: KafkaBus;
  stops: (() => Promise<void>)[];
  zonesHeld: number[];
  stop(): Promise<void>;
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c().catch(() => {});
});

async function startOne(namespace: string, bundle: SiteBundle, name: string): Promise<Worker> {
  const w: Worker = {
    bus: undefined as unknown as KafkaBus,
    stops: [],
    zonesHeld: [],
    stop: async () => {
      for (const s of w.stops.splice(0).reverse()) await s().catch(() => {});
      await w.bus.close();
    },
  };
  w.bus = new KafkaBus({
    brokers: KAFKA_BROKERS,
    clientId: `${namespace}-${name}`,
    namespace,
    partitions: 4,
    onAssignment: (group, a) => {
      if (group.endsWith('portwatch-correlate')) w.zonesHeld = a[TOPICS.indicators] ?? [];
    },
  });
  await w.bus.connect();
  const cfg = {
    role: 'worker',
    kafkaBrokers: KAFKA_BROKERS,
    kafkaNamespace: namespace,
    riskHalfLifeMs: 900_000,
    allowedLatenessMs: 300_000,
    decodeThreads: 0,
    mqttClientId: `${namespace}-${name}`,
  } as SystemConfig;
  await startWorker(cfg, { ...bundle, feeds: [] }, w.bus, MQTT_URL, silentLogger, w.stops);
  cleanup.push(() => w.stop());
  return w;
}

let seq = 0;
function ind(
  ns: string,
  fields: Partial<Indicator> & Pick<Indicator, 'zoneId' | 'type' | 'domain'>,
  t: number,
): Indicator {
  return {
    id: `${ns}-${++seq}`,
    time: new Date(t).toISOString(),
    ingestTime: new Date().toISOString(),
    mode: 'live',
    siteId: 'valencia',
    title: fields.type,
    severity: 3,
    confidence: 90,
    location: null,
    source: { feed: 'test', format: 'onvif', sensorId: 'S' },
    observables: [],
    tags: [],
    ...fields,
  } as Indicator;
}

/** Each case's first record, then its second: a worker can leave between the two halves. */
function cases(ns: string, base: number): [Indicator[], Indicator[]] {
  const first: Indicator[] = [];
  const second: Indicator[] = [];
  const badge = (zoneId: string, b: string, t: number) =>
    ind(ns, { zoneId, type: 'access.granted', domain: 'physical', observables: [{ type: 'badge', value: b }] }, t);
  // The case: eight badges, each granted at neighbouring zones 20 s apart.
  const pairs = [
    ['gate-north', 'cruise-terminal'],
    ['ferry-terminal', 'cruise-terminal'],
    ['msc-terminal', 'csp-terminal'],
    ['csp-terminal', 'apm-terminal'],
    ['gate-north', 'data-centre'],
    ['port-authority-hq', 'data-centre'],
    ['apm-terminal', 'fuel-bunkering'],
    ['ferry-terminal', 'gate-north'],
  ];
  pairs.forEach(([a, b], i) => {
    first.push(badge(a, `${ns}-B${i}`, base + i * 1000));
    second.push(badge(b, `${ns}-B${i}`, base + 20_000 + i * 1000));
  });
  // Across zones, ordered: the port community system tampered with, then a vessel goes dark.
  first.push(
    ind(ns, { zoneId: 'data-centre', type: 'ids.alert', domain: 'cyber', assetId: 'pcs-app', severity: 5 }, base),
  );
  second.push(ind(ns, { zoneId: 'approach-channel', type: 'ais.gap', domain: 'physical' }, base + 60_000));
  // Through assets: the gate-control server hit, then a forced barrier at the gate it drives.
  first.push(
    ind(
      ns,
      { zoneId: 'data-centre', type: 'ids.alert', domain: 'cyber', assetId: 'gate-control-srv', severity: 4 },
      base + 5000,
    ),
  );
  second.push(
    ind(ns, { zoneId: 'gate-north', type: 'access.door_forced', domain: 'physical', severity: 4 }, base + 90_000),
  );
  return [first, second];
}

/** One engine over all of it: what one worker raises. */
function oneEngine(bundle: SiteBundle, input: Indicator[]): Set<string> {
  const zoneNames = Object.fromEntries(bundle.site.zones.features.map((f) => [f.properties.id, f.properties.name]));
  const engine = new CorrelationEngine(bundle.rules, { assets: bundle.site.assets, zoneNames });
  const ids = new Set<string>();
  for (const i of input) for (const inc of engine.process(i)) ids.add(`${inc.ruleId} ${inc.id}`);
  return ids;
}

/**
 * One worker's zone states (the embedded default: one correlation over every rule and zone,
 * raising zones itself): each zone as it stands after the input.
 */
function oneWorkerZones(bundle: SiteBundle, input: Indicator[]): Map<string, ZoneState> {
  const { site } = bundle;
  const zoneNames = Object.fromEntries(site.zones.features.map((f) => [f.properties.id, f.properties.name]));
  const svc = new CorrelateService({
    bus: new MemoryBus(),
    engine: new CorrelationEngine(bundle.rules, { assets: site.assets, zoneNames, allowedLatenessMs: 300_000 }),
    risk: new RiskModel(site.id, Object.keys(zoneNames), { assets: site.assets, halfLifeMs: 900_000 }),
    log: silentLogger,
    sweepMs: 0,
  });
  return new Map(svc.step(input).zones.map((z) => [z.zoneId, z]));
}

/** Incidents and zone states as the API stores them (a zone's latest state by its time). */
async function watch(bus: KafkaBus): Promise<{ seen: Map<string, Incident>; zones: Map<string, ZoneState> }> {
  const seen = new Map<string, Incident>();
  const zones = new Map<string, ZoneState>();
  const sub: Subscription = await bus.subscribe(
    { groupId: `watch-${runId()}`, topics: [TOPICS.incidents, TOPICS.zoneState], fromBeginning: true },
    async (batch) => {
      for (const m of batch.messages) {
        if (batch.topic === TOPICS.zoneState) {
          const z = JSON.parse(m.value) as ZoneState;
          const before = zones.get(z.zoneId);
          if (!before || before.updatedAt <= z.updatedAt) zones.set(z.zoneId, z);
          continue;
        }
        const inc = JSON.parse(m.value) as Incident;
        seen.set(`${inc.ruleId} ${inc.id}`, inc);
      }
    },
  );
  cleanup.push(() => sub.stop());
  return { seen, zones };
}

/** What the map shows of each zone an incident holds: risk, level, open incidents, the assets that reached it. */
const held = (zones: Map<string, ZoneState>, ids: string[]) =>
  Object.fromEntries(
    ids.map((id) => {
      const z = zones.get(id);
      return [id, z && { risk: z.risk, level: z.level, openIncidents: z.openIncidents, via: z.propagatedFrom ?? [] }];
    }),
  );

/** Zone states on Kafka end as one worker's: every zone with an open incident the same, no other zone with one. */
async function expectSameZones(zones: Map<string, ZoneState>, expected: Map<string, ZoneState>): Promise<void> {
  const withIncidents = [...expected.values()].filter((z) => z.openIncidents > 0).map((z) => z.zoneId);
  expect(withIncidents.length).toBeGreaterThan(4);
  await eventually(
    async () => JSON.stringify(held(zones, withIncidents)) === JSON.stringify(held(expected, withIncidents)),
    60_000,
    'zone states as on one worker',
  ).catch(() => {});
  expect(held(zones, withIncidents)).toEqual(held(expected, withIncidents));
  const others = [...zones.values()].filter((z) => z.openIncidents > 0 && !withIncidents.includes(z.zoneId));
  expect(others).toEqual([]);
}

const publish = (bus: KafkaBus, list: Indicator[]) =>
  bus.publish(
    TOPICS.indicators,
    list.map((i) => indicatorMessage(i)),
  );

describe('two-stage correlation on two workers', () => {
  it('raises every cross-zone incident once, as one worker does (8 of 8 cloned badges)', async () => {
    const ns = `pw-test-2stage-${runId()}`;
    const bundle = await loadSiteBundle('valencia');
    const a = await startOne(ns, bundle, 'a');
    const b = await startOne(ns, bundle, 'b');
    await eventually(async () => a.zonesHeld.length && b.zonesHeld.length, 60_000, 'both workers to hold zones');
    const { seen, zones } = await watch(a.bus);
    const [first, second] = cases(ns, Date.now() - 5 * 60_000);
    const expected = oneEngine(bundle, [...first, ...second]);
    expect([...expected].filter((k) => k.startsWith('cloned-badge '))).toHaveLength(8);
    expect([...expected].some((k) => k.startsWith('cyber-physical-cascade '))).toBe(true);
    await publish(a.bus, first);
    await publish(a.bus, second);
    await eventually(async () => seen.size >= expected.size, 60_000, `${expected.size} incidents`);
    await new Promise((r) => setTimeout(r, 2000));
    expect(new Set(seen.keys())).toEqual(expected);
    await expectSameZones(zones, oneWorkerZones(bundle, [...first, ...second]));
  });

  it('gives the same incidents when a worker leaves half-way through the windows', async () => {
    const ns = `pw-test-2stage-kill-${runId()}`;
    const bundle = await loadSiteBundle('valencia');
    const a = await startOne(ns, bundle, 'a');
    const b = await startOne(ns, bundle, 'b');
    await eventually(async () => a.zonesHeld.length && b.zonesHeld.length, 60_000, 'both workers to hold zones');
    const { seen, zones } = await watch(a.bus);
    const [first, second] = cases(ns, Date.now() - 5 * 60_000);
    const expected = oneEngine(bundle, [...first, ...second]);
    await publish(a.bus, first);
    await new Promise((r) => setTimeout(r, 3000));
    await b.stop();
    await eventually(async () => a.zonesHeld.length === 4, 60_000, 'the survivor to hold every zone');
    await publish(a.bus, second);
    await eventually(async () => seen.size >= expected.size, 90_000, `${expected.size} incidents`);
    await new Promise((r) => setTimeout(r, 2000));
    expect(new Set(seen.keys())).toEqual(expected);
    await expectSameZones(zones, oneWorkerZones(bundle, [...first, ...second]));
  });
});
