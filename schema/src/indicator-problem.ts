// The Indicator contract checked by hand on the ingest hot path: the decoders' contract tests
// hold every draft they produce to the full JSON schema (ajv), which cost a quarter of the
// pipeline's time per record. So this checks only what a decoder can still get wrong, with
// every limit read from indicatorSchema, and indicator-problem.test.ts holds the two
// together on generated indicators: a change to the schema is a change here too.
import { indicatorSchema, OBSERVABLE_TYPES, type Indicator } from './indicator.ts';

const P = indicatorSchema.properties;
const ID_MAX = P.id.maxLength;
const TITLE_MAX = P.title.maxLength;
const SEVERITY = P.severity;
const CONFIDENCE = P.confidence;
const LAT = P.location.oneOf[1].properties.lat;
const LON = P.location.oneOf[1].properties.lon;
const OBSERVABLES_MAX = P.observables.maxItems;
const OBSERVABLE_VALUE_MAX = P.observables.items.properties.value.maxLength;
const TAGS_MAX = P.tags.maxItems;
const TAG_MAX = P.tags.items.maxLength;
const TYPE_PATTERN = new RegExp(P.type.pattern);
const DOMAIN_SET: ReadonlySet<unknown> = new Set(P.domain.enum);
const OBSERVABLE_TYPE_SET: ReadonlySet<unknown> = new Set(P.observables.items.properties.type.enum);

/** Types already seen to match TYPE_PATTERN: a feed has a handful, seen again and again. */
const goodTypes = new Set<string>();

/**
 * Why a normalized indicator breaks the contract, or null when it keeps it. Fields that
 * normalization sets itself (mode, siteId, ingestTime, source.feed and format) and the
 * calendar of `time` (record-time.ts writes every decoder's times and checks the calendar)
 * are not checked again here.
 */
export function indicatorProblem(ind: Indicator): string | null {
  const { time, severity, confidence, type, location, observables, tags } = ind;
  if (!isIsoUtc(time)) return `time: expected ISO-8601 UTC with milliseconds, got ${show(time)}`;
  if (!Number.isInteger(severity) || severity < SEVERITY.minimum || severity > SEVERITY.maximum)
    return `severity: expected an integer ${SEVERITY.minimum}–${SEVERITY.maximum}, got ${show(severity)}`;
  if (typeof confidence !== 'number' || !(confidence >= CONFIDENCE.minimum && confidence <= CONFIDENCE.maximum))
    return `confidence: expected a number ${CONFIDENCE.minimum}–${CONFIDENCE.maximum}, got ${show(confidence)}`;
  if (!goodTypes.has(type)) {
    if (typeof type !== 'string' || !TYPE_PATTERN.test(type))
      return `type: expected dotted lower-case words like "ids.alert", got ${show(type)}`;
    if (goodTypes.size >= 1000) goodTypes.clear();
    goodTypes.add(type);
  }
  if (!DOMAIN_SET.has(ind.domain)) return `domain: expected physical or cyber, got ${show(ind.domain)}`;
  if (typeof ind.title !== 'string' || longerThan(ind.title, TITLE_MAX))
    return `title: expected text of at most ${TITLE_MAX} characters`;
  if (longerThan(ind.id, ID_MAX)) return `id: longer than ${ID_MAX} characters (feed id too long)`;
  if (
    location !== null &&
    (typeof location !== 'object' ||
      !(location.lat >= LAT.minimum && location.lat <= LAT.maximum) ||
      !(location.lon >= LON.minimum && location.lon <= LON.maximum))
  ) {
    return `location: expected lat −90–90 and lon −180–180, got ${show(location)}`;
  }
  const sensorId = ind.source.sensorId;
  if (sensorId !== null && typeof sensorId !== 'string')
    return `source.sensorId: expected text or null, got ${show(sensorId)}`;
  if (!Array.isArray(observables) || observables.length > OBSERVABLES_MAX)
    return `observables: expected at most ${OBSERVABLES_MAX}`;
  for (let i = 0; i < observables.length; i++) {
    const o = observables[i];
    if (o === null || typeof o !== 'object') return `observables.${i}: expected an object, got ${show(o)}`;
    if (!OBSERVABLE_TYPE_SET.has(o.type))
      return `observables.${i}.type: expected one of ${OBSERVABLE_TYPES.join(', ')}, got ${show(o.type)}`;
    if (typeof o.value !== 'string' || longerThan(o.value, OBSERVABLE_VALUE_MAX))
      return `observables.${i}.value: expected text of at most ${OBSERVABLE_VALUE_MAX} characters`;
  }
  if (!Array.isArray(tags) || tags.length > TAGS_MAX) return `tags: expected at most ${TAGS_MAX}`;
  for (let i = 0; i < tags.length; i++)
    if (typeof tags[i] !== 'string' || longerThan(tags[i], TAG_MAX))
      return `tags.${i}: expected text of at most ${TAG_MAX} characters`;
  return null;
}

/**
 * JSON Schema's maxLength counts characters (code points), `length` counts UTF-16 units: an
 * emoji is one of the first and two of the second. Counted only when the cheap count is over.
 */
function longerThan(text: string, max: number): boolean {
  if (text.length <= max) return false;
  let chars = 0;
  for (const _ of text) if (++chars > max) return true;
  return false;
}

/**
 * Text of the length of `YYYY-MM-DDTHH:MM:SS.mmmZ`. Decoders build times only with
 * record-time.ts, which checks the calendar and writes that shape (the contract tests
 * check it in full); what can still go wrong is a time that skipped it, like an epoch
 * number or the record's own text. Reading the characters here would copy every time
 * string the decoders just assembled.
 */
function isIsoUtc(text: unknown): boolean {
  return typeof text === 'string' && text.length === 24;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
