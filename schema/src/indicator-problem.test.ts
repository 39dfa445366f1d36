// The hand-written hot-path check and the JSON schema must agree: on generated indicators
// that keep the contract both accept, and on ones broken in one field both refuse, naming
// that field. Where they may differ is written down in indicator-problem.ts (fields that
// normalization sets itself, the calendar of a 24-character time).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { indicatorProblem } from './indicator-problem.ts';
import { DOMAINS, OBSERVABLE_TYPES, type Indicator } from './indicator.ts';
import { validateIndicator } from './validate.ts';

// Any text, astral characters included: the schema counts characters, not UTF-16 units.
const text = (maxLength: number) => fc.string({ unit: 'binary', maxLength });
const textOver = (max: number) => fc.string({ unit: 'binary', minLength: max + 1, maxLength: max + 40 });

const validIndicator: fc.Arbitrary<Indicator> = fc.record({
  id: fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }),
  time: fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  ingestTime: fc.constant('2025-03-14T02:11:08.001Z'),
  mode: fc.constant('live' as const),
  siteId: fc.constant('valencia'),
  zoneId: fc.option(fc.constantFrom('gate-complex', 'data-centre'), { nil: null }),
  domain: fc.constantFrom(...DOMAINS),
  type: fc.stringMatching(/^[a-z0-9_]{1,12}(\.[a-z0-9_]{1,12}){1,3}$/),
  title: text(500),
  severity: fc.constantFrom(0, 1, 2, 3, 4, 5),
  confidence: fc.double({ min: 0, max: 100, noNaN: true }),
  location: fc.option(
    fc.record({
      lat: fc.double({ min: -90, max: 90, noNaN: true }),
      lon: fc.double({ min: -180, max: 180, noNaN: true }),
    }),
    { nil: null },
  ),
  source: fc.record({
    feed: fc.constant('suricata'),
    format: fc.constant('eve'),
    sensorId: fc.option(text(40), { nil: null }),
  }),
  observables: fc.array(fc.record({ type: fc.constantFrom(...OBSERVABLE_TYPES), value: text(512) }), {
    maxLength: 64,
  }),
  tags: fc.array(text(128), { maxLength: 64 }),
});

/** One field broken the way a decoder could break it, with the field's path. */
const breakage: fc.Arbitrary<{ field: string; apply: (ind: Indicator) => Indicator }> = fc.oneof(
  fc
    .oneof(fc.constant('2026-01-15T09:02:30+01:00'), fc.constant('1741918267532'), fc.constant(''), text(23))
    .map((time) => ({ field: 'time', apply: (ind: Indicator) => ({ ...ind, time }) })),
  fc
    .oneof(fc.integer({ min: 6, max: 1000 }), fc.integer({ min: -1000, max: -1 }), fc.constant(2.5))
    .map((severity) => ({
      field: 'severity',
      apply: (ind: Indicator) => ({ ...ind, severity: severity as Indicator['severity'] }),
    })),
  fc
    .oneof(fc.double({ min: 100.001, max: 1e9, noNaN: true }), fc.double({ min: -1e9, max: -0.001, noNaN: true }))
    .map((confidence) => ({ field: 'confidence', apply: (ind: Indicator) => ({ ...ind, confidence }) })),
  fc
    .constantFrom('Alert', 'ids', 'ids.', '.alert', 'ids alert', 'IDS.ALERT')
    .map((type) => ({ field: 'type', apply: (ind: Indicator) => ({ ...ind, type }) })),
  fc.constantFrom('space', 'Physical', '').map((domain) => ({
    field: 'domain',
    apply: (ind: Indicator) => ({ ...ind, domain: domain as Indicator['domain'] }),
  })),
  textOver(500).map((title) => ({ field: 'title', apply: (ind: Indicator) => ({ ...ind, title }) })),
  textOver(200).map((id) => ({ field: 'id', apply: (ind: Indicator) => ({ ...ind, id }) })),
  fc
    .oneof(
      fc.record({ lat: fc.double({ min: 90.001, max: 1e6, noNaN: true }), lon: fc.constant(0) }),
      fc.record({ lat: fc.constant(0), lon: fc.double({ min: -1e6, max: -180.001, noNaN: true }) }),
    )
    .map((location) => ({ field: 'location', apply: (ind: Indicator) => ({ ...ind, location }) })),
  fc.integer().map((sensorId) => ({
    field: 'source.sensorId',
    apply: (ind: Indicator) => ({ ...ind, source: { ...ind.source, sensorId: sensorId as unknown as string } }),
  })),
  fc.constant({
    field: 'observables',
    apply: (ind: Indicator) => ({
      ...ind,
      observables: Array.from({ length: 65 }, () => ({ type: 'ip' as const, value: '10.0.0.1' })),
    }),
  }),
  fc.constantFrom('ssn', 'IP', '').map((type) => ({
    field: 'observables.0.type',
    apply: (ind: Indicator) => ({ ...ind, observables: [{ type: type as 'ip', value: 'x' }] }),
  })),
  textOver(512).map((value) => ({
    field: 'observables.0.value',
    apply: (ind: Indicator) => ({ ...ind, observables: [{ type: 'ip' as const, value }] }),
  })),
  fc.constant({ field: 'tags', apply: (ind: Indicator) => ({ ...ind, tags: Array.from({ length: 65 }, () => 't') }) }),
  textOver(128).map((tag) => ({ field: 'tags.0', apply: (ind: Indicator) => ({ ...ind, tags: [tag] }) })),
);

describe('indicatorProblem and the Indicator schema', () => {
  it('both accept every indicator that keeps the contract', () => {
    fc.assert(
      fc.property(validIndicator, (ind) => {
        expect(validateIndicator(ind)).toMatchObject({ ok: true });
        expect(indicatorProblem(ind)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('both refuse an indicator broken in one field, and both name that field', () => {
    fc.assert(
      fc.property(validIndicator, breakage, (ind, broken) => {
        const bad = broken.apply(ind);
        const problem = indicatorProblem(bad);
        const checked = validateIndicator(bad);
        expect(problem).not.toBeNull();
        expect(problem!.startsWith(broken.field + ':')).toBe(true);
        expect(checked.ok).toBe(false);
        if (!checked.ok) expect(checked.reason).toContain(broken.field + ':');
      }),
      { numRuns: 500 },
    );
  });

  it('count characters as the schema does: 500 emoji make a title of 500 characters', () => {
    const ind = fc.sample(validIndicator, { numRuns: 1, seed: 7 })[0];
    const title = '🚢'.repeat(500);
    expect(indicatorProblem({ ...ind, title })).toBeNull();
    expect(validateIndicator({ ...ind, title }).ok).toBe(true);
    expect(indicatorProblem({ ...ind, title: title + '🚢' })).toMatch(/^title:/);
  });
});
