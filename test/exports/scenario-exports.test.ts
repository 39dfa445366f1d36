// Every built-in scenario, on every site it is written for, run through the site's real feeds,
// decoders, zones and rules (as `portwatch replay` does, keeping the indicators), and every
// incident it raises exported in each standard format and checked against the official schemas
// (schema/standards/): CAP 1.2 with xmllint, STIX 2.1 object by object, IDMEFv2 2.D.V06.
// Run as an exercise, the same incidents' CAP alerts say Exercise.
import { describe, expect, it } from 'vitest';
import { SCENARIOS, Rng, buildScenario } from '@portwatch/simulators';
import { CorrelationEngine, DEFAULT_ENRICHERS, Pipeline, siteLocator } from '@portwatch/ingest';
import { decoderFactories } from '@portwatch/ingest/decoders';
import type { Incident, Indicator, Mode } from '@portwatch/schema';
import { exportCap, exportIdmef, exportStix, exportTimeline } from '../../api/src/exports/index.ts';
import { idmefValidator, stixValidator, xmllintCap } from '../../api/src/exports/standard-schemas.case.ts';
import { scenarioBundle } from '../correlation/scenario-capture.ts';

const START = Date.parse('2026-01-15T09:02:00.000Z');
const SWEEP_EVERY_MS = 30_000;
const cases = SCENARIOS.flatMap((s) => s.sites.map((site) => ({ id: s.id, site })));

/** The scenario's capture through the pipeline: the last state of each incident, and every indicator. */
async function run(id: string, siteId: string, mode: Mode) {
  const bundle = await scenarioBundle(siteId);
  const scenario = SCENARIOS.find((s) => s.id === id)!;
  const records = buildScenario(scenario, bundle.site, bundle.feeds, new Rng(7), START).sort((a, b) =>
    a.t.localeCompare(b.t),
  );
  const pipeline = new Pipeline({
    siteId: bundle.site.id,
    feeds: bundle.feeds.map((f) => ({ ...f, maxRatePerSec: Number.MAX_SAFE_INTEGER })),
    locator: siteLocator(bundle.site),
    decoders: decoderFactories,
    enrichers: DEFAULT_ENRICHERS,
    mode,
  });
  const zoneNames = Object.fromEntries(bundle.site.zones.features.map((f) => [f.properties.id, f.properties.name]));
  const engine = new CorrelationEngine(bundle.rules, { assets: bundle.site.assets, zoneNames });
  const incidents = new Map<string, Incident>();
  const indicators: Indicator[] = [];
  const keep = (list: Incident[]) => list.forEach((i) => incidents.set(i.id, i));
  let lastSweep = -Infinity;
  let last = 0;
  for (const rec of records) {
    const t = Date.parse(rec.t);
    last = Math.max(last, t);
    const out = pipeline.process({ via: rec.via, topic: rec.topic, key: rec.key, payload: rec.payload, receivedAt: t });
    if (t - lastSweep >= SWEEP_EVERY_MS) {
      out.indicators.push(...pipeline.sweep(t));
      lastSweep = t;
    }
    indicators.push(...out.indicators);
    for (const ind of out.indicators) keep(engine.process(ind));
    keep(engine.advance(t, { modes: ['replay', 'exercise'] }));
  }
  keep(engine.advance(last, { complete: true }));
  return { incidents: [...incidents.values()], indicators, zones: bundle.site.zones.features };
}

describe.each(cases)('exports of scenario $id on $site', ({ id, site }) => {
  it('validate against the official CAP, STIX and IDMEFv2 schemas, every incident', async () => {
    const { incidents, indicators, zones } = await run(id, site, 'replay');
    expect(incidents.length).toBeGreaterThan(0);
    for (const incident of incidents) {
      const input = { incident, indicators, zones };
      const cap = exportCap(input);
      expect(xmllintCap(cap), `${incident.id}\n${cap}`).toBe('');
      expect(cap).toContain('<status>Test</status>');
      for (const object of exportStix(input).objects) {
        const validate = stixValidator(object.type);
        expect(validate(object), `${incident.id} ${object.type} ${JSON.stringify(validate.errors)}`).toBe(true);
      }
      const validateIdmef = idmefValidator();
      expect(validateIdmef(exportIdmef(input)), `${incident.id} ${JSON.stringify(validateIdmef.errors)}`).toBe(true);
      const timeline = exportTimeline(input);
      expect(timeline.missingIndicatorIds, incident.id).toEqual([]);
      expect(timeline.entries.filter((e) => e.kind === 'indicator')).toHaveLength(incident.indicatorIds.length);
    }
  });
});

describe('an exercise run', () => {
  it('exports CAP alerts that say Exercise, never Actual', async () => {
    const { incidents, indicators, zones } = await run(cases[0].id, cases[0].site, 'exercise');
    expect(incidents.length).toBeGreaterThan(0);
    for (const incident of incidents) {
      expect(incident.mode).toBe('exercise');
      const cap = exportCap({ incident, indicators, zones });
      expect(cap).toContain('<status>Exercise</status>');
      expect(xmllintCap(cap)).toBe('');
    }
  });
});
