// Correlation throughput and window memory: 50 synthetic rules over 100 zones on one core,
// fed a realistic mix (mostly routine badges, cameras and AIS, some IDS noise, few alarms).
// Memory: the same stream for 1 M and 2 M indicators — what the windows hold must follow
// the live windows (rate × timespan), not the length of the history.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Indicator } from '@portwatch/schema';
import { CorrelationEngine, parseRules, type Rule } from '@portwatch/ingest';
import type { BenchSuite } from '../bench-suite.ts';

const ZONES = Array.from({ length: 100 }, (_, i) => `zone-${String(i).padStart(3, '0')}`);
const T0 = Date.parse('2026-01-15T00:00:00Z');
/** Event-time rate of the synthetic site: 200 indicators/s (a busy port). */
const EVENT_GAP_MS = 5;

/** Ten rule shapes, five variants each (thresholds, timespans, zone subsets) = 50 rules. */
export function syntheticRules(): Rule[] {
  const docs: string[] = [];
  for (let v = 0; v < 5; v++) {
    const zones = `[${ZONES.filter((_, i) => i % 5 === v).join(', ')}]`;
    const span = `${5 + v}m`;
    docs.push(
      `id: hybrid-${v}\ntitle: h\nseverity: high\ndetections:\n  p: { domain: physical, severity: { gte: ${3 + (v % 2)} }, confidence: { gte: 75 } }\n  c: { domain: cyber, severity: { gte: 3 } }\ncorrelation: { type: temporal, rules: [p, c], timespan: ${span} }`,
      `id: cascade-${v}\ntitle: c\nseverity: critical\ndetections:\n  c: { domain: cyber, severity: { gte: 4 }, assetId: { exists: true } }\n  p: { domain: physical, severity: { gte: 3 }, confidence: { gte: 75 } }\ncorrelation: { type: temporal_ordered, rules: [c, p], through-assets: true, timespan: ${span} }`,
      `id: scan-${v}\ntitle: s\nseverity: high\ndetections:\n  d: { type: [fw.deny, net.scan] }\ncorrelation: { type: event_count, rules: [d], gte: ${20 + v}, group-by: [observables.ip], timespan: 1m }`,
      `id: denied-${v}\ntitle: d\nseverity: medium\ndetections:\n  d: { type: access.denied, zoneId: ${zones} }\ncorrelation: { type: value_count, rules: [d], field: observables.badge, gte: ${50 + v}, timespan: 10m }`,
      `id: door-${v}\ntitle: o\nseverity: medium\ndetections:\n  o: { type: access.door_opened, zoneId: ${zones} }\n  g: { type: access.granted }\ncorrelation: { type: absence, rules: [o, g], direction: preceded, timespan: 30s }`,
      `id: ids-burst-${v}\ntitle: i\nseverity: medium\ndetections:\n  i: { type: ids.alert, severity: { gte: 2 }, zoneId: ${zones} }\ncorrelation: { type: event_count, rules: [i], gte: ${300 + v}, timespan: ${span} }`,
      `id: camera-burst-${v}\ntitle: v\nseverity: low\ndetections:\n  v: { type: [video.object_in_field, video.line_crossed], tags: { startsWith: "rule:" } }\ncorrelation: { type: event_count, rules: [v], gte: ${100 + v}, timespan: 2m }`,
      `id: ais-gap-${v}\ntitle: a\nseverity: high\ndetections:\n  a: { type: ais.gap }\ncorrelation: { type: event_count, rules: [a], gte: 1, group-by: [observables.mmsi], timespan: 10m }`,
      `id: tamper-${v}\ntitle: t\nseverity: high\ndetections:\n  t: { type: [video.tamper, video.signal_loss] }\n  f: { type: [perimeter.cut, perimeter.climb, access.door_forced] }\ncorrelation: { type: temporal, rules: [t, f], timespan: ${span} }`,
      `id: vessel-silent-${v}\ntitle: q\nseverity: low\ndetections:\n  p: { type: ais.position, zoneId: ${zones} }\n  n: { type: ais.position }\ncorrelation: { type: absence, rules: [p, n], group-by: [observables.mmsi], timespan: ${10 + v}m }`,
    );
  }
  const problems: string[] = [];
  const rules = parseRules(docs.join('\n---\n'), 'bench.yaml', problems);
  if (problems.length || rules.length !== 50) throw new Error(`bench rules: ${problems.join('; ')}`);
  return rules;
}

export const ASSETS = ZONES.slice(0, 10).map((z, i) => ({
  id: `srv-${i}`,
  zoneId: z,
  controls: ZONES.slice(10 + i * 9, 19 + i * 9),
  dependsOn: [],
}));

/** A deterministic generator (xorshift) so runs are comparable. */
export function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

// The mix: [type, domain, severity, confidence, share].
const MIX: [string, Indicator['domain'], number, number, number][] = [
  ['access.granted', 'physical', 1, 100, 0.3045],
  ['access.denied', 'physical', 2, 100, 0.04],
  ['access.door_opened', 'physical', 1, 100, 0.1],
  ['video.object_in_field', 'physical', 3, 70, 0.12],
  ['ais.position', 'physical', 1, 100, 0.25],
  ['ids.alert', 'cyber', 2, 70, 0.12],
  ['fw.deny', 'cyber', 2, 100, 0.05],
  // Alarms are rare: about one a minute each across the port.
  ['ids.alert', 'cyber', 4, 90, 0.0001],
  ['perimeter.climb', 'physical', 4, 80, 0.0001],
  ['video.tamper', 'physical', 4, 80, 0.0001],
  ['access.door_forced', 'physical', 4, 100, 0.0001],
];

export function makeIndicator(k: number, rand: () => number, time: string): Indicator {
  // Shares that do not add up to 1 leave the rest to the first (routine) row.
  let x = rand();
  let m = MIX[0];
  for (const row of MIX) {
    if ((x -= row[4]) < 0) {
      m = row;
      break;
    }
  }
  const [type, domain, severity, confidence] = m;
  // Identities stay where they belong: a badge works in one zone, a vessel keeps to its lane.
  const who = Math.floor(rand() * (type === 'ais.position' ? 300 : 5000));
  const zoneId =
    type === 'ais.position' || type.startsWith('access.')
      ? ZONES[who % ZONES.length]
      : ZONES[Math.floor(rand() * ZONES.length)];
  const ind: Indicator = {
    id: `b${k}`,
    time,
    ingestTime: time,
    mode: 'live',
    siteId: 'bench',
    zoneId,
    domain,
    type,
    title: type,
    severity: severity as Indicator['severity'],
    confidence,
    location: null,
    source: { feed: 'bench', format: 'bench', sensorId: null },
    observables: [],
    tags: type.startsWith('video.') ? ['rule:Quay edge'] : [],
  };
  if (type.startsWith('access.')) ind.observables.push({ type: 'badge', value: `B${who}` });
  if (type === 'ais.position') ind.observables.push({ type: 'mmsi', value: String(224000000 + who) });
  if (domain === 'cyber') {
    ind.observables.push({
      type: 'ip',
      value: `10.${Math.floor(rand() * 4)}.${Math.floor(rand() * 250)}.${Math.floor(rand() * 250)}`,
    });
    if (severity >= 4) ind.assetId = ASSETS[Math.floor(rand() * ASSETS.length)].id;
  }
  return ind;
}

function gc(): (() => void) | null {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return null;
  }
}

/** Feeds n indicators (built as it goes, so the history is not kept), returns the engine's window memory. */
function history(n: number, collect: (() => void) | null) {
  collect?.();
  const before = process.memoryUsage().heapUsed;
  const engine = new CorrelationEngine(syntheticRules(), { assets: ASSETS });
  const rand = rng(7);
  let t = T0;
  for (let k = 0; k < n; k++) {
    t += EVENT_GAP_MS;
    engine.process(makeIndicator(k, rand, new Date(t).toISOString()));
  }
  collect?.();
  const heap = process.memoryUsage().heapUsed - before;
  return { ...engine.windowStats(), heapMb: heap / 1e6, engine };
}

export const suite: BenchSuite = {
  name: 'correlation',
  description: '50 rules over 100 zones on one core: throughput, and the memory the live windows hold',
  async run(report, log) {
    const N = 400_000;
    const rand = rng(1);
    const stream: Indicator[] = [];
    for (let k = 0; k < N; k++) stream.push(makeIndicator(k, rand, new Date(T0 + k * EVENT_GAP_MS).toISOString()));
    // Warm-up on a separate engine so the JIT has seen the paths.
    const warm = new CorrelationEngine(syntheticRules(), { assets: ASSETS });
    for (let k = 0; k < 50_000; k++) warm.process(stream[k]);
    const engine = new CorrelationEngine(syntheticRules(), { assets: ASSETS });
    let incidents = 0;
    const start = process.hrtime.bigint();
    for (const ind of stream) incidents += engine.process(ind).length;
    const secs = Number(process.hrtime.bigint() - start) / 1e9;
    report('throughput', N / secs, 'indicators/s');
    log(`${N} indicators in ${secs.toFixed(2)} s, ${incidents} incident raises/updates, late ${engine.stats.late}`);

    const collect = gc();
    if (!collect) log('gc not exposed: heap figures include garbage');
    const one = history(1_000_000, collect);
    const two = history(2_000_000, collect);
    for (const [label, h] of [
      ['1M', one],
      ['2M', two],
    ] as const) {
      log(
        `${label} indicators (${((Number(label[0]) * 1e6 * EVENT_GAP_MS) / 3.6e6).toFixed(1)} h of event time): ${h.groups} groups, ${h.entries} entries, heap +${h.heapMb.toFixed(1)} MB`,
      );
      report(`window entries after ${label}`, h.entries, 'entries');
      report(`heap held after ${label}`, h.heapMb, 'MB');
    }
    report('window memory 2M / 1M', two.heapMb / one.heapMb, 'ratio');
    report('window entries 2M / 1M', two.entries / one.entries, 'ratio');
  },
};
