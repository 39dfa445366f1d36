// Shapes of the REST responses the web app reads: the API's own contracts, from the schema.
// Nothing is declared here; the names stay so that stores and components import from one place.
export type {
  DeadLettersResponse,
  FeedHealthResponse,
  FeedHealthView,
  HealthComponent,
  HealthResponse as Health,
  IncidentAction as IncidentActionRequest,
  IncidentActionResponse,
  RateBucket,
  ReplayRequest,
  ReplayResponse,
  SessionView,
  SiteView,
  StoredDeadLetter as DeadLetterView,
  ZoneStateView,
} from '@portwatch/schema';
