// Perimeter intrusion detection (fence sensor) events in Portwatch's own JSON format:
// no open standard exists for these, so the format is ours, defined in README.md beside
// this file. Every event is physical; `fault` too, since a dead fence segment is a gap in
// the perimeter.
import type { GeoPoint, Severity } from '@portwatch/schema';
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
  clipTitle,
  parseJsonObject,
  readIsoTime,
  readInteger,
  readNumber,
  readOptionalNumber,
  readOptionalString,
  readString,
  rejectRecord,
  rejectionFrom,
  show,
} from '../record-fields.ts';

export const PIDS_EVENTS = ['intrusion', 'cut', 'climb', 'tamper', 'fault'] as const;
export type PidsEvent = (typeof PIDS_EVENTS)[number];

const SEVERITY: Record<PidsEvent, Severity> = { intrusion: 4, cut: 4, climb: 4, tamper: 3, fault: 2 };
const TYPE: Record<PidsEvent, string> = {
  intrusion: 'perimeter.intrusion',
  cut: 'perimeter.cut',
  climb: 'perimeter.climb',
  tamper: 'perimeter.tamper',
  fault: 'perimeter.fault',
};
const WORDING: Record<PidsEvent, string> = {
  intrusion: 'Perimeter intrusion',
  cut: 'Fence cut',
  climb: 'Fence climb',
  tamper: 'Fence sensor tampered with',
  fault: 'Fence sensor fault',
};

export const createPidsDecoder: DecoderFactory = () => {
  const decoder: Decoder = { format: 'pids', decode: decodePids };
  return decoder;
};

function decodePids(payload: string, ctx: DecodeContext): DecodeResult {
  try {
    const record = parseJsonObject(payload, 'a fence sensor (pids) event', ctx);
    const sensor = readString(record, 'sensor');
    const segment = readInteger(record, 'segment', 'segment', 0, 100_000);
    const offsetM = readNumber(record, 'offsetM', 'offsetM', 0, 1_000_000);
    const eventText = readString(record, 'event');
    if (!(PIDS_EVENTS as readonly string[]).includes(eventText))
      rejectRecord(`event: expected one of ${PIDS_EVENTS.join(', ')}, got ${show(eventText)}`);
    const event = eventText as PidsEvent;
    const time = readIsoTime(record, 'time');
    const confidence = readOptionalNumber(record, 'confidence', 'confidence', 0, 100) ?? (event === 'fault' ? 100 : 80);
    const location = position(record.lat, record.lon);
    const eventId = readOptionalString(record, 'eventId');
    return accept(
      newDraft({
        time,
        domain: 'physical',
        type: TYPE[event],
        title: clipTitle(`${WORDING[event]}: ${sensor} segment ${segment} at ${offsetM} m`),
        severity: SEVERITY[event],
        confidence,
        location,
        sensorId: sensor,
        observables: [{ type: 'asset', value: clipObservable(`${sensor}/${segment}`) }],
        tags: [`segment:${segment}`],
        sourceRef: eventId ?? `${sensor}|${segment}|${offsetM}|${event}|${time}`,
        raw: record,
      }),
    );
  } catch (error) {
    return rejectionFrom(error);
  }
}

function position(lat: unknown, lon: unknown): GeoPoint | null {
  if ((lat === undefined || lat === null) && (lon === undefined || lon === null)) return null;
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90)
    rejectRecord(`lat: expected a latitude -90–90 (with lon), got ${show(lat)}`);
  if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180)
    rejectRecord(`lon: expected a longitude -180–180 (with lat), got ${show(lon)}`);
  return { lat, lon };
}
