// Drone Remote ID as a receiver publishes it: one JSON object per received Location message,
// merged with the Basic ID, System and Operator ID messages of the same drone, using the
// ASTM F3411 / Open Drone ID field names. Every record is a `drone.detected` at the drone's
// position. F3411 "unknown" values (lat/lon 0/0, altitude -1000, speed 255, track 361) are
// treated as absent; positions outside the globe are rejected.
import type { GeoPoint } from '@portwatch/schema';
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
  readOptionalString,
  readString,
  rejectRecord,
  rejectionFrom,
  show,
  type JsonObject,
} from '../record-fields.ts';
import { isoFromEpochGuess, isoFromEpochMs, isoFromText } from '../record-time.ts';

export const createRemoteIdDecoder: DecoderFactory = () => {
  const decoder: Decoder = { format: 'remoteid', decode: decodeRemoteId };
  return decoder;
};

function decodeRemoteId(payload: string, ctx: DecodeContext): DecodeResult {
  try {
    const record = parseJsonObject(payload, 'a Remote ID record', ctx);
    const uasId = readString(record, 'uas_id');
    const time = remoteIdTime(record.timestamp, ctx.receivedAt);
    const location = dronePosition(record);
    const altitude = firstKnown(record, ['height', 'geodetic_altitude', 'pressure_altitude'], -1000, 31767);
    const speed = firstKnown(record, ['speed_horizontal'], -1, 254.75);
    const operatorId = readOptionalString(record, 'operator_id');
    const tags: string[] = [];
    if (operatorId !== undefined) tags.push(clipTag(`operator:${operatorId}`));
    if (typeof record.ua_type === 'string' || typeof record.ua_type === 'number')
      tags.push(clipTag(`ua_type:${record.ua_type}`));
    const where =
      altitude === undefined ? '' : ` at ${Math.round(altitude.value)} m (${altitude.key.replace('_', ' ')})`;
    const moving = speed === undefined ? '' : `, ${speed.value} m/s`;
    return accept(
      newDraft({
        time,
        domain: 'physical',
        type: 'drone.detected',
        title: clipTitle(`Drone ${uasId}${where}${moving}`),
        severity: 3,
        // The drone broadcasts its own identity and position: credible, but it can lie.
        confidence: 80,
        location,
        sensorId: readOptionalString(record, 'receiver_id') ?? readOptionalString(record, 'receiver') ?? null,
        observables: [{ type: 'uas_id', value: clipObservable(uasId) }],
        correlationKey: uasId,
        tags,
        // The resolved time, not the field: F3411's tenths-since-the-hour repeats every hour.
        sourceRef: `${uasId}|${time}`,
        raw: record,
      }),
    );
  } catch (error) {
    return rejectionFrom(error);
  }
}

/**
 * ISO-8601, an epoch number, or the F3411 Location timestamp itself: tenths of a second since
 * the start of the hour (0–36000), placed in the hour of arrival (or the one before, if that
 * would put it in the future).
 */
function remoteIdTime(value: unknown, receivedAt: Date): string {
  if (typeof value === 'string') {
    const iso = isoFromText(value);
    if (iso !== null) return iso;
  } else if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    if (value <= 36000) {
      const hourStart = Math.floor(receivedAt.getTime() / 3_600_000) * 3_600_000;
      let at = hourStart + Math.round(value * 100);
      if (at > receivedAt.getTime() + 60_000) at -= 3_600_000;
      return isoFromEpochMs(at) ?? new Date(at).toISOString();
    }
    const iso = isoFromEpochGuess(value);
    if (iso !== null) return iso;
  }
  return rejectRecord(
    `timestamp: expected ISO-8601, epoch seconds/milliseconds or tenths of a second since the hour, got ${show(value)}`,
  );
}

function coordinate(record: JsonObject, keys: [string, string], limit: number): number | undefined {
  const key = record[keys[0]] !== undefined ? keys[0] : keys[1];
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < -limit || value > limit)
    rejectRecord(`${key}: expected degrees -${limit}–${limit}, got ${show(value)}`);
  return value;
}

function dronePosition(record: JsonObject): GeoPoint | null {
  const lat = coordinate(record, ['latitude', 'lat'], 90);
  const lon = coordinate(record, ['longitude', 'lon'], 180);
  if (lat === undefined || lon === undefined) {
    if (lat !== lon)
      rejectRecord(`${lat === undefined ? 'latitude' : 'longitude'}: missing while the other coordinate is given`);
    return null;
  }
  // F3411 encodes "position unknown" as 0/0.
  return lat === 0 && lon === 0 ? null : { lat, lon };
}

/** The first of `keys` with a known value; F3411 sentinels (at or beyond the range) are unknown. */
function firstKnown(
  record: JsonObject,
  keys: string[],
  min: number,
  max: number,
): { key: string; value: number } | undefined {
  for (const key of keys) {
    const value = record[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isFinite(value))
      rejectRecord(`${key}: expected a number, got ${show(value)}`);
    if (value > min && value <= max) return { key, value };
  }
  return undefined;
}
