// Messages pushed on the WebSocket at /api/live (protocol portwatch.v2). The server keeps the
// live picture and sends each browser coalesced changes in batches, never one frame per record:
//   hello      once, first: the protocol version, the site and the server clock
//   snapshot   the whole picture: after hello, and again for a client that fell behind
//   batch      what changed since the previous batch (per track only its latest fix)
//   heartbeat  every few seconds, so a client can tell a frozen server from a quiet one
import type { Domain, Indicator, Mode } from '../indicator.ts';
import type { Incident } from '../incident.ts';
import type { ZoneState } from '../zone-state.ts';
import type { SituationTrack } from '../situation.ts';

/** A track's latest fix as the live picture holds it: the situation's track and a few words more. */
export interface LiveTrack extends SituationTrack {
  mode: Mode;
  /** The latest report's words after the label (status, speed, course), as the sensor gave them. */
  detail?: string;
  /** `speed` with its unit as reported ("13.9 kn", "4.2 m/s"). */
  speedText?: string;
  /** The anomaly in `alert`: its indicator type and when it was reported. */
  alertType?: string;
  alertAt?: string;
}

/** Live indicators that fell in one minute, of one domain and type (exercise is never counted). */
export interface LiveCount {
  /** Start of the minute, ISO-8601 UTC. */
  minute: string;
  domain: Domain;
  type: string;
  n: number;
}

export interface LivePicture {
  /** Live and exercise tracks, each saying its mode. */
  tracks: LiveTrack[];
  zones: ZoneState[];
  /** Open incidents, and those closed lately (so a client that missed the close learns it). */
  incidents: Incident[];
  /** The last hour's counts, per minute. */
  counts: LiveCount[];
}

export interface LiveBatch {
  /** Numbers the batches of one connection; a snapshot says from which one it holds. */
  seq: number;
  /** Server time when the batch was cut. */
  at: string;
  tracks: LiveTrack[];
  zones: ZoneState[];
  incidents: Incident[];
  /** Counts to add to the chart, since the previous batch. */
  counts: LiveCount[];
  /** The newest few indicators (no raw record); all of them stay available over REST. */
  indicators: Indicator[];
}

export type LiveMessage =
  | { type: 'hello'; data: { version: string; siteId: string; serverTime: string } }
  | { type: 'snapshot'; data: LivePicture & { seq: number; at: string } }
  | { type: 'batch'; data: LiveBatch }
  | { type: 'heartbeat'; data: { serverTime: string } };

/** What the server feeds the live picture with: the pipeline's outputs, one at a time. */
export type LiveEvent =
  { type: 'indicator'; data: Indicator } | { type: 'incident'; data: Incident } | { type: 'zone'; data: ZoneState };
