// Shapes of the REST responses the web app reads: envelopes around the shared contracts.
import type { Site, ZoneState } from '@portwatch/schema';

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
