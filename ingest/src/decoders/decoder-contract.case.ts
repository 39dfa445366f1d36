// The promises every decoder makes, as one suite each decoder's test runs against itself:
// it never throws, it either decodes or says why not, garbage is cheap, what it decodes
// becomes a valid Indicator, and distinct records keep distinct ids while a redelivered one
// keeps its id. Property tests feed random strings, random JSON, and real
// fixtures with one field replaced by a random value (which reaches every field check).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateIndicator } from '@portwatch/schema';
import { indicatorId } from '../pipeline/normalize.ts';
import type { DecodeContext, DecodeResult, Decoder, Draft } from './decoder.ts';

export const testContext: DecodeContext = {
  feedId: 'test-feed',
  topic: 'test/topic',
  receivedAt: new Date('2025-03-14T02:30:00.000Z'),
};

/** Reads a fixture from a decoder's testdata folder (`import.meta.url` of the test file). */
export function fixture(testFileUrl: string, name: string): string {
  return readFileSync(new URL(`./testdata/${name}`, testFileUrl), 'utf8').trimEnd();
}

/** Decodes and insists on success: returns the drafts, or fails the test with the reason. */
export function decodeOk(decoder: Decoder, payload: string, ctx: DecodeContext = testContext): Draft[] {
  const result = decoder.decode(payload, ctx);
  if (!result.ok) throw new Error(`expected the record to decode, got rejection: ${result.reason}`);
  for (const d of result.drafts) assertValidDraft(d, decoder.format);
  return result.drafts;
}

export function decodeOne(decoder: Decoder, payload: string, ctx: DecodeContext = testContext): Draft {
  const drafts = decodeOk(decoder, payload, ctx);
  expect(drafts).toHaveLength(1);
  return drafts[0];
}

export function rejectionOf(decoder: Decoder, payload: string): string {
  const result = decoder.decode(payload, testContext);
  if (result.ok) throw new Error(`expected a rejection, got ${result.drafts.length} draft(s)`);
  return result.reason;
}

/** Why a well-formed record makes no indicator; fails the test when it makes one or is rejected. */
export function notUsedReason(decoder: Decoder, payload: string): string {
  const result = decoder.decode(payload, testContext);
  if (!result.ok) throw new Error(`expected "not used", got rejection: ${result.reason}`);
  if (result.drafts.length > 0) throw new Error(`expected "not used", got ${result.drafts.length} draft(s)`);
  if (result.notUsed === undefined) throw new Error('expected "not used" with a reason, got no reason');
  return result.notUsed;
}

/**
 * The indicator ids the pipeline gives a record's drafts (normalize.ts: the draft's source
 * reference, or the raw record when it has none, hashed with the draft's index). Each record
 * goes to a fresh decoder so that state across records (AIS reassembly) plays no part.
 * `lead` records go first to the same decoder: the sentences before the last of a
 * multi-sentence message.
 */
export function idsOf(create: () => Decoder, payload: string, lead: string[] = []): string[] {
  const decoder = create();
  for (const l of lead) decoder.decode(l, testContext);
  return decodeOk(decoder, payload).map((d, i) => indicatorId('test-feed', d.sourceRef ?? payload, i));
}

/** A draft must become a schema-valid Indicator once the pipeline adds its own fields. */
export function assertValidDraft(d: Draft, format: string): void {
  const indicator = {
    id: 'test-id',
    time: d.time,
    ingestTime: d.time,
    mode: 'live',
    siteId: 'test-site',
    zoneId: null,
    domain: d.domain,
    type: d.type,
    title: d.title,
    severity: d.severity,
    confidence: d.confidence,
    location: d.location,
    source: {
      feed: 'test-feed',
      format,
      sensorId: d.sensorId,
      ...(d.vendor !== undefined && { vendor: d.vendor }),
      ...(d.product !== undefined && { product: d.product }),
    },
    observables: d.observables,
    ...(d.assetId !== undefined && { assetId: d.assetId }),
    ...(d.correlationKey !== undefined && { correlationKey: d.correlationKey }),
    tags: d.tags,
  };
  const check = validateIndicator(indicator);
  if (!check.ok) throw new Error(`draft is not a valid indicator: ${check.reason}\n${JSON.stringify(d)}`);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(d.time))
    throw new Error(`draft time is not ISO UTC with ms: ${d.time}`);
}

function checkResult(result: DecodeResult, format: string): boolean {
  if (result.ok) {
    for (const d of result.drafts) {
      assertValidDraft(d, format);
      assertNoBuiltIns(JSON.stringify(d), 'draft');
    }
    return Array.isArray(result.drafts);
  }
  assertNoBuiltIns(result.reason, 'rejection reason');
  return typeof result.reason === 'string' && result.reason.length > 0;
}

/** A looked-up word that reached Object.prototype shows up as a function's source text. */
function assertNoBuiltIns(text: string, what: string): void {
  if (text.includes('[native code]')) throw new Error(`${what} holds a built-in function: ${text}`);
}

/**
 * Words a record's text can hold that are also names on Object.prototype and
 * Function.prototype (`length`, `name`, `call`…): a decoder that looks a field up in a plain
 * object table, or a table of functions, must not answer with them. fast-check's strings favour
 * the same words, so without this a random run finds them now and then.
 */
const BUILT_IN_NAMES = [
  ...new Set([...Object.getOwnPropertyNames(Object.prototype), ...Object.getOwnPropertyNames(Function.prototype)]),
];

/** The samples that are JSON, parsed (the others are left out). */
function jsonSamples(samples: string[]): unknown[] {
  return samples.flatMap((s) => {
    try {
      return [JSON.parse(s) as unknown];
    } catch {
      return [];
    }
  });
}

/** Each sample with one word (a run of letters, digits and `_`) replaced by `name`. */
function withWordReplaced(sample: string, name: string): string[] {
  return [...sample.matchAll(/[A-Za-z0-9_]+/g)].map(
    (m) => sample.slice(0, m.index) + name + sample.slice(m.index + m[0].length),
  );
}

/** Every path to a leaf of a parsed JSON value, as key lists. */
function leafPaths(
  value: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (value !== null && typeof value === 'object') {
    out.push(prefix); // replacing a whole object or array is a useful mutation too
    for (const [k, v] of Object.entries(value)) leafPaths(v, [...prefix, Array.isArray(value) ? Number(k) : k], out);
  } else out.push(prefix);
  return out;
}

function replaceAt(root: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (let i = 0; i < path.length - 1; i++) node = node[path[i]] as Record<string | number, unknown>;
  node[path[path.length - 1]] = replacement;
  return copy;
}

// Structural characters of the formats mixed with any Unicode grapheme: random text that
// often looks like the start of a record.
const recordishChar = fc.oneof(
  fc.constantFrom(...'{}[]"|=\\:,. -0123456789CEF<>\n'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
);

export interface ContractOptions {
  /** Real records of the format; JSON ones are also mutated field by field. */
  samples: string[];
  runs?: number;
  /**
   * Two real records of one sensor in the same millisecond that differ only in what makes
   * them two events (another object, badge, signature…): they must get different ids, and
   * each delivered again must get its id again.
   */
  twins: [string, string];
  /** Records to feed before each twin (the first sentences of a multi-sentence message). */
  twinLead?: [string[], string[]];
}

export function decoderContract(create: () => Decoder, options: ContractOptions): void {
  const decoder = create();
  const runs = options.runs ?? 300;
  describe(`${decoder.format} decoder contract`, () => {
    it('decodes or rejects any string with a reason, never throws', () => {
      fc.assert(
        fc.property(fc.string({ unit: recordishChar, maxLength: 400 }), (s) =>
          checkResult(decoder.decode(s, testContext), decoder.format),
        ),
        { numRuns: runs },
      );
    });

    it('decodes or rejects any JSON value with a reason, never throws', () => {
      fc.assert(
        fc.property(fc.json({ maxDepth: 4 }), (s) => checkResult(decoder.decode(s, testContext), decoder.format)),
        { numRuns: runs },
      );
    });

    it('survives real records with any one field replaced by any value', () => {
      const parsed = jsonSamples(options.samples);
      if (parsed.length === 0) return;
      const cases = parsed.flatMap((root) => leafPaths(root).map((path) => ({ root, path })));
      fc.assert(
        fc.property(fc.constantFrom(...cases), fc.jsonValue({ maxDepth: 2 }), ({ root, path }, value) =>
          checkResult(decoder.decode(JSON.stringify(replaceAt(root, path, value)), testContext), decoder.format),
        ),
        { numRuns: runs * 3 },
      );
    });

    it("reads field values that are names of Object's and Function's members as plain words", () => {
      const parsed = jsonSamples(options.samples);
      const records = [
        ...parsed.flatMap((root) =>
          leafPaths(root).flatMap((path) => BUILT_IN_NAMES.map((name) => JSON.stringify(replaceAt(root, path, name)))),
        ),
        ...options.samples.flatMap((s) => BUILT_IN_NAMES.flatMap((name) => withWordReplaced(s, name))),
      ];
      expect(records.length).toBeGreaterThan(BUILT_IN_NAMES.length);
      for (const record of records) expect(checkResult(decoder.decode(record, testContext), decoder.format)).toBe(true);
    });

    it('survives real records cut short or with a character changed', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...options.samples),
          fc.nat(),
          fc.string({ minLength: 1, maxLength: 2 }),
          (s, at, insert) => {
            const cut = at % (s.length + 1);
            return (
              checkResult(decoder.decode(s.slice(0, cut), testContext), decoder.format) &&
              checkResult(decoder.decode(s.slice(0, cut) + insert + s.slice(cut + 1), testContext), decoder.format)
            );
          },
        ),
        { numRuns: runs },
      );
    });

    it('rejects 1 MB of garbage quickly', () => {
      const garbage = 'x=|\\{"'.repeat(180_000);
      const braced = `{${'"a":'.repeat(250_000)}`;
      const started = performance.now();
      for (const g of [garbage, braced, options.samples[0] + garbage])
        expect(checkResult(decoder.decode(g, testContext), decoder.format)).toBe(true);
      expect(performance.now() - started).toBeLessThan(500);
    });

    it('gives two distinct records of the same millisecond two ids, and a redelivered record its id again', () => {
      const [a, b] = options.twins;
      const [leadA, leadB] = options.twinLead ?? [[], []];
      const idsA = idsOf(create, a, leadA);
      const idsB = idsOf(create, b, leadB);
      expect(idsA.length).toBeGreaterThan(0);
      expect(idsB.length).toBeGreaterThan(0);
      for (const id of idsA) expect(idsB).not.toContain(id);
      expect(idsOf(create, a, leadA)).toEqual(idsA);
      expect(idsOf(create, b, leadB)).toEqual(idsB);
    });

    it('decodes every sample without throwing', () => {
      for (const s of options.samples) expect(checkResult(decoder.decode(s, testContext), decoder.format)).toBe(true);
    });
  });
}
