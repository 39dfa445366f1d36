// The AIS tracker between pipeline records: its input read from an `ais.position` draft or
// indicator, its anomalies written back as drafts (ais-enricher.ts joins the two).
import type { GeoPoint } from '@portwatch/schema';
import type { Draft } from '../decoders/decoder.ts';
import type { AisAnomaly, AisFix } from './ais-tracker.ts';

/** The tracker's input from an `ais.position` draft or indicator; null for anything else. */
export function fixFromPosition(record: {
  type: string;
  time: string;
  location: GeoPoint | null;
  raw?: unknown;
  sensorId?: string | null;
  source?: { sensorId: string | null };
}): AisFix | null {
  if (record.type !== 'ais.position' || typeof record.raw !== 'object' || record.raw === null) return null;
  const raw = record.raw as { mmsi?: unknown; sog?: unknown; aisClass?: unknown; navStatus?: unknown; name?: unknown };
  const time = Date.parse(record.time);
  if ((typeof raw.mmsi !== 'string' && typeof raw.mmsi !== 'number') || Number.isNaN(time)) return null;
  return {
    mmsi: raw.mmsi,
    time,
    lat: record.location?.lat ?? null,
    lon: record.location?.lon ?? null,
    sog: typeof raw.sog === 'number' ? raw.sog : null,
    receiverId: record.sensorId ?? record.source?.sensorId ?? null,
    aisClass: raw.aisClass === 'B' ? 'B' : 'A',
    navStatus: typeof raw.navStatus === 'number' ? raw.navStatus : null,
    ...(typeof raw.name === 'string' ? { name: raw.name } : {}),
  };
}

/** An anomaly as a draft, ready for the pipeline's normalize step. */
export function anomalyDraft(anomaly: AisAnomaly): Draft {
  return {
    time: anomaly.time,
    domain: 'physical',
    type: anomaly.type,
    title: anomaly.title,
    severity: anomaly.severity,
    confidence: anomaly.confidence,
    location: anomaly.location,
    sensorId: null,
    observables: [{ type: 'mmsi', value: anomaly.mmsi }],
    correlationKey: `mmsi:${anomaly.mmsi}`,
    tags: ['ais', 'anomaly'],
    sourceRef: `${anomaly.type}:${anomaly.mmsi}:${anomaly.time}`,
    raw: anomaly.details,
  };
}
