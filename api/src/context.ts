// What the HTTP routes need from the running system.
import type { Site } from '@portwatch/schema';
import type { FeedCounters } from '@portwatch/ingest';
import type { Store } from './storage/store.ts';

export interface ComponentStatus {
  name: string;
  status: 'up' | 'degraded' | 'down';
  detail?: string;
}

export interface ApiContext {
  site: Site;
  store: Store;
  startedAt: Date;
  /** True when the simulators stand in for real sensors (the embedded demo). */
  simulated: boolean;
  components(): ComponentStatus[];
  feeds(): FeedCounters[];
  /** Extra Prometheus lines from the services (counters by stage). */
  metrics(): string[];
}
