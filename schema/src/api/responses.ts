// The REST API's answers: envelopes around the shared contracts. The API's handlers are
// checked to return these (`satisfies`), and the web app reads them through ApiGet/ApiPost,
// so a change here is a type error on both sides.
import type { AccessRole } from '../access-roles.ts';
import type { StoredDeadLetter } from '../dead-letter.ts';
import type { Incident, IncidentAction } from '../incident.ts';
import type { Indicator } from '../indicator.ts';
import type { Site } from '../site.ts';
import type { IndicatorDensity, Situation, SituationChanges } from '../situation.ts';
import type { ZoneState } from '../zone-state.ts';
import type {
  Exercise,
  ExerciseRequest,
  ExerciseReview,
  IncidentReview,
  LessonsRequest,
  ScenarioSummary,
} from '../exercise.ts';
import type { FeedCounters, FeedHealthResponse } from './feed-health.ts';

export interface HealthComponent {
  name: string;
  status: 'up' | 'degraded' | 'down';
  detail?: string;
}

/** GET /api/health; "down" comes with a 503. */
export interface HealthResponse {
  status: 'ok' | 'degraded' | 'down';
  siteId: string;
  simulated: boolean;
  uptimeS: number;
  startedAt: string;
  components?: HealthComponent[];
}

/** GET /api/site: the site folder as loaded by the server, minus its path on disk. */
export type SiteView = Omit<Site, 'dir'>;

/** GET /api/zones adds the zone's display name (and kind, criticality) to each state. */
export type ZoneStateView = ZoneState & { name?: string; kind?: string; criticality?: number };

/** One bucket of GET /api/stats/indicator-rate: `minute` is the start of the minute. */
export interface RateBucket {
  minute: string;
  physical: number;
  cyber: number;
}

/** GET /api/feed-health/:feed/dead-letters: newest first. */
export interface DeadLettersResponse {
  feed: string;
  /** Whether re-runs are recorded (always, since the migration that added the columns). */
  replayTracked: boolean;
  letters: StoredDeadLetter[];
}

/** POST /api/dead-letters/replay: the feed's pending letters, or the ones named. */
export interface ReplayRequest {
  feed: string;
  ids?: number[];
}

export interface ReplayOutcome {
  id: number;
  outcome: 'decoded' | 'rejected' | 'skipped';
  indicatorIds: string[];
  /** Why it is still rejected (the pipeline's reason now) or why it was not tried. */
  reason?: string;
}

export interface ReplayResponse {
  feed: string;
  tried: number;
  decoded: number;
  stillRejected: number;
  skipped: number;
  /** Whether the decoded letters were marked as re-run. */
  marked: boolean;
  results: ReplayOutcome[];
}

/** GET /api/session: who the access token stands for. */
export interface SessionView {
  name: string;
  role: AccessRole;
  /** What the role may do, in words. */
  may: string;
  siteId: string;
}

/** One row of GET /api/audit: a change made, or a request refused. */
export interface AuditEntry {
  id: number;
  at: string;
  /** The token's name; "anonymous" when the request carried none that the server knows. */
  actor: string;
  role: string | null;
  method: string | null;
  path: string | null;
  /** The HTTP status of the answer. */
  status: number | null;
  client: string | null;
  /** What happened, e.g. "dead-letters.replay", "auth.denied". */
  action: string;
  /** What it was done to, e.g. "feed:smoke"; the path when nothing more specific. */
  target: string;
  /** Short, JSON: the outcome of a change, or why a request was refused. Never a token. */
  detail?: unknown;
}

/** POST /api/incidents/:id/actions. `changed: false` with a `message` when it already was so. */
export interface IncidentActionResponse {
  changed: boolean;
  message?: string;
  incident: Incident;
}

/** Every error answer (4xx, 5xx): what was wrong, in words; `reason` a code for refusals. */
export interface ErrorResponse {
  error: string;
  reason?: string;
}

/** GET routes under /api and what each answers with (success). */
export interface ApiGet {
  '/health': HealthResponse;
  '/session': SessionView;
  '/site': SiteView;
  '/zones': ZoneStateView[];
  '/incidents': Incident[];
  '/incidents/:id': Incident;
  /** A download (?format=cap|stix|idmef|timeline): the document's text, CAP as XML, the others JSON. */
  '/incidents/:id/export': string;
  '/indicators': Indicator[];
  /** One stored indicator with its raw record (an incident's evidence). */
  '/indicators/:id': Indicator;
  /** ?at=<ISO-8601>&mode=live|exercise: the picture at that moment (now without `at`). */
  '/situation': Situation;
  /** ?from&to&mode&limit: the changes after `from` up to `to`, in time order; `next` when cut. */
  '/situation/changes': SituationChanges;
  /** ?from&to&buckets&mode: indicators per slice by domain, for the time bar. */
  '/situation/density': IndicatorDensity;
  '/stats/indicator-rate': RateBucket[];
  '/feeds': FeedCounters[];
  '/dead-letters': StoredDeadLetter[];
  '/feed-health': FeedHealthResponse;
  '/feed-health/:feed/dead-letters': DeadLettersResponse;
  '/audit': AuditEntry[];
  /** ?format=md gives the review as Markdown text. */
  '/incidents/:id/review': IncidentReview;
  '/exercises': Exercise[];
  '/exercises/scenarios': ScenarioSummary[];
  '/exercises/:id': Exercise;
  '/exercises/:id/review': ExerciseReview;
}

/** POST routes under /api: the body each takes and what it answers with. */
export interface ApiPost {
  '/incidents/:id/actions': { body: IncidentAction; response: IncidentActionResponse };
  '/dead-letters/replay': { body: ReplayRequest; response: ReplayResponse };
  '/exercises': { body: ExerciseRequest; response: { id: string } };
  '/exercises/:id/stop': { body: Record<string, never>; response: Exercise };
  '/incidents/:id/review/lessons': { body: LessonsRequest; response: IncidentReview };
  '/exercises/:id/review/lessons': { body: LessonsRequest; response: ExerciseReview };
}
