// What every wire-format decoder implements. Decoders are pure apart from the state a
// format needs across records (NMEA multi-sentence reassembly, AIS track history); they
// never do I/O, never throw on bad input, and say why a record was rejected.
import type { Domain, GeoPoint, Observable, Severity } from '@portwatch/schema';

/** An indicator before normalization: what the record itself says. */
export interface Draft {
  /** When it happened, ISO-8601 UTC (decoders convert offsets and epochs). */
  time: string;
  domain: Domain;
  type: string;
  title: string;
  severity: Severity;
  /** 0–100 */
  confidence: number;
  location: GeoPoint | null;
  /** The identifier the record carries for the sensor (access point token, camera token, IDS host…). */
  sensorId: string | null;
  vendor?: string;
  product?: string;
  observables: Observable[];
  assetId?: string;
  correlationKey?: string;
  tags: string[];
  /**
   * Stable identity of the source record within its feed (e.g. EVE flow_id + timestamp + sid),
   * so that the same record delivered twice gives the same indicator id. When absent, the
   * pipeline hashes the raw payload.
   */
  sourceRef?: string;
  /** IP addresses whose asset or network may locate the zone (cyber records). */
  ips?: string[];
  /** The decoded record, kept for analysts (a trimmed object, not the raw string). */
  raw?: unknown;
}

/**
 * `ok` with drafts: indicators. `ok` with no drafts and `notUsed`: a well-formed record that
 * makes no indicator, and why (a Zeek dns record, a door back to normal, the first sentence of
 * a two-sentence AIS message): feed health counts it per reason, so that every record received
 * is an indicator, a rejection or "not used". `ok: false`: rejected, with the reason.
 */
export type DecodeResult = { ok: true; drafts: Draft[]; notUsed?: string } | { ok: false; reason: string };

export interface DecodeContext {
  feedId: string;
  topic: string;
  /** Arrival time; used only when a format carries no time of its own. */
  receivedAt: Date;
  /**
   * The object parseJsonObject made of this payload (set by it when given this context; the
   * pipeline clears it before each record). Decoders never change a parsed record, so while an
   * indicator's raw is this very object, its JSON is the payload text.
   */
  parsedRecord?: object | null;
}

export interface Decoder {
  readonly format: string;
  /**
   * One raw record (one MQTT payload, one Kafka value, one input line). Returns drafts
   * (possibly none, e.g. the first sentence of a multi-sentence AIS message, or an EVE
   * `flow` record that only enriches) or a rejection with a human-readable reason.
   */
  decode(payload: string, ctx: DecodeContext): DecodeResult;
}

export interface DecoderOptions {
  /** For the generic JSON decoder: the declared field mapping of the feed. */
  mapping?: Record<string, unknown>;
}

export type DecoderFactory = (options?: DecoderOptions) => Decoder;

/**
 * The draft with every field present (absent ones undefined), in one order: drafts of every
 * decoder then share one object shape, and the pipeline's reads of them stay monomorphic
 * (reading ~16 fields of drafts of a dozen shapes cost more than building the indicator).
 */
export function newDraft(d: Draft): Draft {
  return {
    time: d.time,
    domain: d.domain,
    type: d.type,
    title: d.title,
    severity: d.severity,
    confidence: d.confidence,
    location: d.location,
    sensorId: d.sensorId,
    vendor: d.vendor,
    product: d.product,
    observables: d.observables,
    assetId: d.assetId,
    correlationKey: d.correlationKey,
    tags: d.tags,
    sourceRef: d.sourceRef,
    ips: d.ips,
    raw: d.raw,
  };
}

export function reject(reason: string): DecodeResult {
  return { ok: false, reason };
}

export function accept(...drafts: Draft[]): DecodeResult {
  return { ok: true, drafts };
}

/** A well-formed record that makes no indicator; the reason is counted as "<what>: <detail>". */
export function notUsed(reason: string): DecodeResult {
  return { ok: true, drafts: [], notUsed: reason };
}
