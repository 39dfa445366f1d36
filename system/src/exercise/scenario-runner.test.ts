// Every scenario on every site it lists, as an exercise: its records on the exercise channel
// through the site's pipeline and rules find every expected incident, each marked with its
// exercise — and two exercises of one scenario next to the same records live stay apart.
// (test/exercises runs them through the embedded system's brokers as well.)
import { describe, expect, it } from 'vitest';
import { CorrelationEngine, DEFAULT_ENRICHERS, EXERCISE_HEADER, Pipeline, siteLocator } from '@portwatch/ingest';
import { decoderFactories } from '@portwatch/ingest/decoders';
import { SCENARIOS, buildScenario, Rng, findScenario } from '@portwatch/simulators';
import type { CaptureRecord, Incident } from '@portwatch/schema';
import { loadSiteBundle, type SiteBundle } from '../load-site-bundle.ts';
import { ScenarioRunner, exerciseRecords } from './scenario-runner.ts';

const START = Date.parse('2026-03-02T01:00:00.000Z');

/** Records through pipeline and correlation as ingest would take them (Kafka: the header's exercise). */
function correlate(bundle: SiteBundle, lanes: { records: CaptureRecord[]; exerciseId?: string }[]): Incident[] {
  const pipeline = new Pipeline({
    siteId: bundle.site.id,
    feeds: bundle.feeds.map((f) => ({ ...f, maxRatePerSec: Number.MAX_SAFE_INTEGER })),
    locator: siteLocator(bundle.site),
    decoders: decoderFactories,
    enrichers: DEFAULT_ENRICHERS,
  });
  const engine = new CorrelationEngine(bundle.rules, { assets: bundle.site.assets });
  const all = lanes
    .flatMap((l) => l.records.map((r) => ({ r, exerciseId: l.exerciseId })))
    .sort((a, b) => a.r.t.localeCompare(b.r.t));
  const out = new Map<string, Incident>();
  let last = 0;
  for (const { r, exerciseId } of all) {
    const t = Date.parse(r.t);
    const res = pipeline.process({
      via: r.via,
      topic: r.topic,
      payload: r.payload,
      receivedAt: t,
      ...(r.via === 'kafka' && exerciseId ? { exerciseId } : {}),
    });
    expect(res.rejects.map((x) => x.reason)).toEqual([]);
    if (t - last > 30_000) {
      res.indicators.push(...pipeline.sweep(t));
      last = t;
    }
    for (const ind of res.indicators) for (const inc of engine.process(ind)) out.set(inc.id, inc);
  }
  for (const inc of engine.advance(Date.parse(all.at(-1)!.r.t) + 3_600_000, { complete: true })) out.set(inc.id, inc);
  return [...out.values()];
}

const cases = SCENARIOS.flatMap((s) => s.sites.map((site) => [s.id, site] as const));

describe('every scenario as an exercise, on every site it lists', () => {
  it.each(cases)('%s on %s finds all its expected incidents, each its exercise’s', async (scenario, siteId) => {
    const bundle = await loadSiteBundle(siteId);
    const runner = new ScenarioRunner({ bundle, bus: null as never, mqttUrl: null });
    const plan = runner.plan(scenario, siteId);
    expect(plan.injects[0].atS).toBe(0);
    expect(plan.injects.reduce((n, i) => n + i.records, 0)).toBe(plan.records);
    const exerciseId = 'ex-test-1';
    const records = exerciseRecords(bundle, scenario, exerciseId, START);
    expect(records.every((r) => r.topic.startsWith(r.via === 'mqtt' ? `exercise/${exerciseId}/` : 'exercise.'))).toBe(
      true,
    );
    expect(runner.plan(scenario, siteId, exerciseId).records).toBe(records.length);
    const incidents = correlate(bundle, [{ records, exerciseId }]);
    for (const e of plan.expected)
      expect(
        incidents.some((i) => i.ruleId === e.ruleId && i.zoneId === e.zoneId),
        `${e.ruleId} in ${e.zoneId}`,
      ).toBe(true);
    expect(incidents.every((i) => i.mode === 'exercise' && i.exerciseId === exerciseId)).toBe(true);
  });

  it('two exercises of one scenario and the same records live at once stay apart', async () => {
    const bundle = await loadSiteBundle('valencia');
    const s = findScenario('gate-hybrid-intrusion')!;
    const live = buildScenario(s, bundle.site, bundle.feeds, new Rng(7), START);
    const a = exerciseRecords(bundle, s.id, 'ex-a', START);
    const b = exerciseRecords(bundle, s.id, 'ex-b', START);
    const incidents = correlate(bundle, [
      { records: live },
      { records: a, exerciseId: 'ex-a' },
      { records: b, exerciseId: 'ex-b' },
    ]);
    const of = (pred: (i: Incident) => boolean) =>
      incidents
        .filter(pred)
        .map((i) => i.ruleId)
        .sort();
    const expected = s
      .expected(bundle.site)
      .map((e) => e.ruleId)
      .sort();
    expect(of((i) => i.mode === 'live')).toEqual(expected);
    expect(of((i) => i.exerciseId === 'ex-a')).toEqual(expected);
    expect(of((i) => i.exerciseId === 'ex-b')).toEqual(expected);
    expect(new Set(incidents.map((i) => i.id)).size).toBe(incidents.length);
    expect(incidents.filter((i) => i.mode === 'live').every((i) => i.exerciseId === undefined)).toBe(true);
    expect(EXERCISE_HEADER).toBe('portwatch-exercise');
  });
});
