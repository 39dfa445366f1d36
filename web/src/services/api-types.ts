// Shapes of the REST responses the web app reads: envelopes around the shared contracts.
import type { Incident, IncidentAction, Site, ZoneState } from '@portwatch/schema';

export interface HealthComponent {
  name: string;
  /** e.g. "up", "degraded", "down" */
  status: string;
  detail?: string;
}

export interface Health {
  status: 'ok' | 'degraded' | 'down';
  siteId: string;
  simulated: boolean;
  uptimeS: number;
  startedAt: string;
  components?: HealthComponent[];
}

/** GET /api/site: the site folder as loaded by the server, minus its path on disk. */
export type SiteView = Omit<Site, 'dir'>;

/** GET /api/zones adds the zone's display name to each state. */
export type ZoneStateView = ZoneState & { name?: string };

/** One bucket of GET /api/stats/indicator-rate: `minute` is the start of the minute. */
export interface RateBucket {
  minute: string;
  physical: number;
  cyber: number;
}

/** One feed of GET /api/feed-health: what feeds.yaml declares, what arrived, and a status in words. */
export interface FeedHealthView {
  id: string;
  name: string;
  transport: 'mqtt' | 'kafka' | null;
  topic: string | null;
  format: string | null;
  enabled: boolean;
  state: 'receiving' | 'rejecting' | 'silent' | 'waiting' | 'disabled' | 'removed';
  tone: 'ok' | 'warn' | 'bad' | 'idle';
  status: string;
  rejectingPercent: number;
  received: number;
  indicators: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  rejectedByStage: Record<string, number>;
  /** Well-formed records that made no indicator, by reason. */
  notUsed: number;
  notUsedByReason: Record<string, number>;
  /** Indicators kept without a zone, by reason. */
  noZone: number;
  noZoneByReason: Record<string, number>;
  lastSeen: string | null;
  ratePerSec: number;
  recentReceived: number;
  recentRejected: number;
}

export interface FeedHealthResponse {
  generatedAt: string;
  /** Why the feeds.yaml on disk is not the one running; null when it is. */
  configProblem: { file: string; problems: string[] } | null;
  feeds: FeedHealthView[];
}

export interface DeadLetterView {
  id: number;
  at: string;
  via: string;
  topic: string;
  stage: string;
  reason: string;
  size: number;
  truncated: boolean;
  payload: string;
  payloadCut: boolean;
  replayedAt: string | null;
  replayIndicatorIds: string[];
}

export interface DeadLettersResponse {
  feed: string;
  replayTracked: boolean;
  letters: DeadLetterView[];
}

export interface ReplayResponse {
  feed: string;
  tried: number;
  decoded: number;
  stillRejected: number;
  skipped: number;
  marked: boolean;
  results: { id: number; outcome: 'decoded' | 'rejected' | 'skipped'; indicatorIds: string[]; reason?: string }[];
}

/** GET /api/session: who the access token stands for. */
export interface SessionView {
  name: string;
  role: 'viewer' | 'operator' | 'admin';
  /** What the role may do, in words. */
  may: string;
  siteId: string;
}

/** POST /api/incidents/:id/actions: what an operator does to an incident (the schema's contract). */
export type IncidentActionRequest = IncidentAction;

/** `changed: false` with a `message` when it already was so (acknowledged twice, say). */
export interface IncidentActionResponse {
  changed: boolean;
  message?: string;
  incident: Incident;
}
