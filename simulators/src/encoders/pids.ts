// Fence sensor events in Portwatch's own PIDS JSON format, defined in
// ingest/src/decoders/pids/README.md.
import { isoTime, type EventTime } from './event-time.ts';

export type PidsEventKind = 'intrusion' | 'cut' | 'climb' | 'tamper' | 'fault';

export interface PidsEvent {
  time: EventTime;
  sensor: string;
  segment: number;
  offsetM: number;
  event: PidsEventKind;
  confidence?: number;
  lat?: number;
  lon?: number;
  eventId?: string;
}

export function encodePids(e: PidsEvent): string {
  const record: Record<string, unknown> = {
    sensor: e.sensor,
    segment: e.segment,
    offsetM: e.offsetM,
    event: e.event,
    time: isoTime(e.time),
  };
  if (e.confidence !== undefined) record.confidence = e.confidence;
  if (e.lat !== undefined && e.lon !== undefined) {
    record.lat = e.lat;
    record.lon = e.lon;
  }
  if (e.eventId !== undefined) record.eventId = e.eventId;
  return JSON.stringify(record);
}
