// What the HTTP routes need from the running system.
import type { FeedConfig, Incident, LiveEvent, Site } from '@portwatch/schema';
import type { FeedCounters } from '@portwatch/ingest';
import type { Store } from './storage/store.ts';
import type { ExerciseService } from './exercises/exercise-service.ts';

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
  /** The feeds running now, as declared in feeds.yaml (after any hot reload). */
  feedConfigs?: () => FeedConfig[];
  /** Why the feeds.yaml on disk is not the one running (file, key, what was expected); null when it is. */
  feedConfigProblem?: () => { file: string; problems: string[] } | null;
  /**
   * Runs one stored raw record through the pipeline as configured now (dead-letter re-run);
   * indicators are published like any others. Absent where this process runs no ingest.
   */
  reprocess?: (rec: {
    via: 'mqtt' | 'kafka';
    topic: string;
    payload: string;
  }) => Promise<{ indicators: number; indicatorIds?: string[]; reasons: string[] }>;
  /** Pushes to this instance's live WebSocket clients (an operator changed an incident). */
  broadcast?: (messages: LiveEvent[]) => void;
  /**
   * An operator resolved an incident: correlation re-arms its rule's group (no new incident
   * for the rule's re-arm period) — in process, or through the bus to the workers.
   */
  incidentResolved?: (incident: Incident, atMs: number) => Promise<void>;
  /** Exercises: absent where this process runs none (a worker-only role, or a test). */
  exercises?: ExerciseService;
}
