// Typed reads of untrusted JSON records. A bad field ends the record with a reason that
// names the field path and shows what was found, e.g.
//   alert.severity: expected an integer 1–255, got "x"
// The readers throw a Rejection (a plain object, no stack capture: cheap) that the decoder's
// single try/catch turns into a DecodeResult, so decoders read fields in straight-line code
// and still never throw to their caller.
import { reject, type DecodeContext, type DecodeResult } from './decoder.ts';
import { isoFromEpochGuess, isoFromEpochMs, isoFromText } from './record-time.ts';

export type JsonObject = Record<string, unknown>;

export class Rejection {
  constructor(readonly reason: string) {}
}

export function rejectRecord(reason: string): never {
  throw new Rejection(reason);
}

/**
 * `table[key]` when the table has that key itself. A record's text may be any word, and
 * `table["valueOf"]` or `table["constructor"]` would otherwise answer with Object.prototype's
 * functions.
 */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Turns whatever a decoder's body threw into a rejection, so the decoder never throws. */
export function rejectionFrom(error: unknown): DecodeResult {
  if (error instanceof Rejection) return reject(error.reason);
  const message = error instanceof Error ? error.message : String(error);
  return reject(`internal decoder error: ${clip(message, 200)}`);
}

/** A short, quoted rendering of a value for a rejection reason. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(clip(value, 60));
  return String(value);
}

/** At most `max` characters; a cut is marked with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

// The Indicator schema's length limits, applied where decoders copy free text from a record.
export const clipTitle = (text: string): string => clip(text, 500);
export const clipTag = (text: string): string => clip(text, 128);
export const clipObservable = (text: string): string => clip(text, 512);

/**
 * Parses a payload that must be one JSON object; `what` names the format in the reason ("an
 * ONVIF event"). The object is also left in `ctx.parsedRecord`, so the caller of the decoder can
 * tell an indicator whose raw is the record as it arrived (see DecodeContext).
 */
export function parseJsonObject(payload: string, what: string, ctx?: DecodeContext): JsonObject {
  // Checking the first character first keeps garbage (and 1 MB of it) cheap to reject.
  let i = 0;
  while (i < payload.length && (payload.charCodeAt(i) <= 32 || payload.charCodeAt(i) === 0xfeff)) i++;
  if (payload.charCodeAt(i) !== 123 /* { */) {
    rejectRecord(
      `not ${what}: expected a JSON object, got ${i >= payload.length ? 'an empty payload' : show(payload.slice(i, i + 40))}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch (error) {
    rejectRecord(`not valid JSON: ${clip(error instanceof Error ? error.message : String(error), 160)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    rejectRecord(`not ${what}: expected a JSON object`);
  if (ctx !== undefined) ctx.parsedRecord = parsed;
  return parsed as JsonObject;
}

function fail(path: string, expected: string, got: unknown): never {
  rejectRecord(
    got === undefined ? `${path}: missing (expected ${expected})` : `${path}: expected ${expected}, got ${show(got)}`,
  );
}

/** Required non-empty string. */
export function readString(record: JsonObject, key: string, path: string = key): string {
  const value = record[key];
  if (typeof value !== 'string' || value.length === 0) fail(path, 'a non-empty string', value);
  return value;
}

/** Optional string: absent, null and "" read as undefined. */
export function readOptionalString(record: JsonObject, key: string, path: string = key): string | undefined {
  const value = record[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') fail(path, 'a string', value);
  return value;
}

export function readInteger(record: JsonObject, key: string, path: string, min: number, max: number): number {
  const value = record[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    fail(path, `an integer ${min}–${max}`, value);
  return value;
}

export function readOptionalInteger(
  record: JsonObject,
  key: string,
  path: string,
  min: number,
  max: number,
): number | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  return readInteger(record, key, path, min, max);
}

export function readNumber(record: JsonObject, key: string, path: string, min: number, max: number): number {
  const value = record[key];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
    fail(path, `a number ${min}–${max}`, value);
  return value;
}

export function readOptionalNumber(
  record: JsonObject,
  key: string,
  path: string,
  min: number,
  max: number,
): number | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  return readNumber(record, key, path, min, max);
}

export function readObject(record: JsonObject, key: string, path: string = key): JsonObject {
  const value = record[key];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(path, 'an object', value);
  return value as JsonObject;
}

export function readOptionalObject(record: JsonObject, key: string, path: string = key): JsonObject | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  return readObject(record, key, path);
}

export function readOptionalArray(record: JsonObject, key: string, path: string = key): unknown[] | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) fail(path, 'an array', value);
  return value;
}

/**
 * A boolean as bridges write it: JSON true/false, or the strings "true"/"false"/"1"/"0"
 * (Axis publishes every ONVIF data value as a string).
 */
export function readFlag(record: JsonObject, key: string, path: string = key): boolean {
  const value = record[key];
  if (value === true || value === 'true' || value === '1' || value === 1) return true;
  if (value === false || value === 'false' || value === '0' || value === 0) return false;
  fail(path, 'true or false', value);
}

/** ISO-8601 text only. */
export function readIsoTime(record: JsonObject, key: string, path: string = key): string {
  const value = record[key];
  const iso = typeof value === 'string' ? isoFromText(value) : null;
  if (iso === null) fail(path, 'an ISO-8601 time', value);
  return iso;
}

/** ISO-8601 text, or epoch milliseconds (`unit: 'ms'`) / seconds-or-ms by size (`'guess'`). */
export function readTime(record: JsonObject, key: string, path: string, unit: 'ms' | 'guess'): string {
  const value = record[key];
  let iso: string | null = null;
  if (typeof value === 'string') iso = isoFromText(value);
  else if (typeof value === 'number') iso = unit === 'ms' ? isoFromEpochMs(value) : isoFromEpochGuess(value);
  if (iso === null)
    fail(path, unit === 'ms' ? 'an ISO-8601 time or epoch milliseconds' : 'an ISO-8601 time or an epoch number', value);
  return iso;
}
