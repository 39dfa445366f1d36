// Generic JSON with a declared field mapping: for sensor feeds nobody has written a decoder
// for. The mapping language is documented in README.md beside this file; it is checked and
// compiled when the decoder is created, so a bad mapping fails the feed at start with every
// problem named, and a record that does not fit it is rejected with the mapping key named.
import type { Domain, GeoPoint, Observable, Severity } from '@portwatch/schema';
import {
  accept,
  newDraft,
  type DecodeContext,
  type DecodeResult,
  type Decoder,
  type DecoderFactory,
} from '../decoder.ts';
import {
  clipObservable,
  clipTag,
  clipTitle,
  parseJsonObject,
  rejectRecord,
  rejectionFrom,
  show,
} from '../record-fields.ts';
import { isoFromEpochGuess, isoFromEpochMs, isoFromEpochSeconds, isoFromText } from '../record-time.ts';
import {
  compileMapping,
  INDICATOR_TYPE,
  type CompiledField,
  type CompiledMapping,
  type TimeFormat,
} from './mapping.ts';

/** Problems with a mapping, each naming its key; empty when the mapping is usable. */
export function validateJsonMapping(mapping: unknown): string[] {
  const result = compileMapping(mapping);
  return result.ok ? [] : result.errors;
}

export const createJsonDecoder: DecoderFactory = (options) => {
  if (options?.mapping === undefined)
    throw new Error(
      'json decoder: the feed must declare a field mapping (options.mapping); see ingest/src/decoders/json/README.md',
    );
  const compiled = compileMapping(options.mapping);
  if (!compiled.ok) throw new Error(`json decoder: invalid mapping:\n  ${compiled.errors.join('\n  ')}`);
  const mapping = compiled.mapping;
  const decoder: Decoder = { format: 'json', decode: (payload, ctx) => decodeJson(mapping, payload, ctx) };
  return decoder;
};

function decodeJson(m: CompiledMapping, payload: string, ctx: DecodeContext): DecodeResult {
  try {
    const record = parseJsonObject(payload, 'a JSON object', ctx);
    const type = text(m.type, record, 'type');
    if (type === undefined || !INDICATOR_TYPE.test(type))
      rejectRecord(`type: ${from(m.type)} gave ${show(type)}, expected a dotted lower-case type such as env.smoke`);
    const domain = value(m.domain, record);
    if (domain !== 'physical' && domain !== 'cyber')
      rejectRecord(`domain: ${from(m.domain)} gave ${show(domain)}, expected physical or cyber`);
    const severity = value(m.severity, record);
    if (typeof severity !== 'number' || !Number.isInteger(severity) || severity < 0 || severity > 5)
      rejectRecord(
        `severity: ${from(m.severity)} gave ${show(severity)}, expected an integer 0–5 (add a map for text levels)`,
      );
    const confidence = m.confidence === undefined ? 50 : value(m.confidence, record);
    if (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 100))
      rejectRecord(`confidence: ${from(m.confidence!)} gave ${show(confidence)}, expected a number 0–100`);

    const observables: Observable[] = [];
    for (const o of m.observables) {
      const found = o.field.get(record);
      for (const item of Array.isArray(found) ? found : [found]) {
        if ((typeof item === 'string' && item !== '') || typeof item === 'number')
          observables.push({ type: o.type, value: clipObservable(String(item)) });
      }
    }
    const tags: string[] = [];
    for (const t of m.tags) {
      const tag = t.get(record);
      if (typeof tag === 'string' && tag !== '') tags.push(clipTag(tag));
    }
    const draft = newDraft({
      time: time(m.time, record, ctx.receivedAt),
      domain: domain as Domain,
      type,
      title: clipTitle(text(m.title, record, 'title') ?? type),
      severity: severity as Severity,
      confidence,
      location: location(m, record),
      sensorId: text(m.sensorId, record, 'sensorId') ?? null,
      observables: observables.slice(0, 64),
      tags: tags.slice(0, 64),
      raw: record,
    });
    const correlationKey = text(m.correlationKey, record, 'correlationKey');
    if (correlationKey !== undefined) draft.correlationKey = correlationKey;
    const sourceRef = text(m.sourceRef, record, 'sourceRef');
    if (sourceRef !== undefined) draft.sourceRef = sourceRef;
    const assetId = text(m.assetId, record, 'assetId');
    if (assetId !== undefined) draft.assetId = assetId;
    return accept(draft);
  } catch (error) {
    return rejectionFrom(error);
  }
}

function from(f: CompiledField): string {
  return f.path ?? 'the constant';
}

/** The field's value, translated through its map (keys are compared as text). */
function value(f: CompiledField, record: unknown): unknown {
  const raw = f.get(record);
  if (f.map === undefined) return raw ?? f.fallback;
  if (raw !== undefined && raw !== null && typeof raw !== 'object') {
    const key = String(raw);
    if (Object.hasOwn(f.map, key)) return f.map[key];
  }
  return f.fallback;
}

/** Text fields: strings and numbers become text; absent is undefined; anything else is an error. */
function text(f: CompiledField | undefined, record: unknown, key: string): string | undefined {
  if (f === undefined) return undefined;
  const v = value(f, record);
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return rejectRecord(`${key}: ${from(f)} gave ${show(v)}, expected text`);
}

function time(f: CompiledField | undefined, record: unknown, receivedAt: Date): string {
  // A feed without a time of its own is stamped on arrival.
  if (f === undefined) return receivedAt.toISOString();
  const v = value(f, record);
  const format = f.format ?? 'auto';
  let iso: string | null = null;
  if (typeof v === 'string') {
    if (format === 'auto' || format === 'iso') iso = isoFromText(v);
    // Epochs sent as text ("1741918267.5") are common in hand-written sensor firmware.
    if (iso === null && format !== 'iso' && /^\d{1,16}(\.\d{1,9})?$/.test(v)) iso = epoch(+v, format);
  } else if (typeof v === 'number' && format !== 'iso') iso = epoch(v, format);
  if (iso === null)
    rejectRecord(
      `time: ${from(f)} gave ${show(v)}, expected ${format === 'auto' ? 'an ISO-8601 time or an epoch number' : format}`,
    );
  return iso;
}

function epoch(n: number, format: TimeFormat): string | null {
  return format === 'epoch_s'
    ? isoFromEpochSeconds(n)
    : format === 'epoch_ms'
      ? isoFromEpochMs(n)
      : isoFromEpochGuess(n);
}

function location(m: CompiledMapping, record: unknown): GeoPoint | null {
  if (m.lat === undefined || m.lon === undefined) return null;
  const lat = coordinate(value(m.lat, record));
  const lon = coordinate(value(m.lon, record));
  if (lat === undefined && lon === undefined) return null;
  if (lat === undefined || lat < -90 || lat > 90)
    rejectRecord(`lat: ${from(m.lat)} gave ${show(value(m.lat, record))}, expected a latitude -90–90`);
  if (lon === undefined || lon < -180 || lon > 180)
    rejectRecord(`lon: ${from(m.lon)} gave ${show(value(m.lon, record))}, expected a longitude -180–180`);
  return { lat, lon };
}

function coordinate(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : undefined;
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}
