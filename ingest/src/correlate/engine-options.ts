// What a correlation engine (engine.ts) is given, and what it counts for /metrics.
import type { AssetNode } from './asset-graph.ts';

export interface EngineOptions {
  assets?: AssetNode[];
  /** How late an indicator may arrive (behind the newest event time seen) and still count as on time. */
  allowedLatenessMs?: number;
  /** Zone names for titles ({zone} in a rule title). */
  zoneNames?: Record<string, string>;
}

export interface EngineStats {
  processed: number;
  /** Indicators that arrived later than the allowed lateness (for /metrics). */
  late: number;
  /** Rule matches dropped because every window they could join had already closed. */
  lateDropped: number;
  /** Matches ignored because their group was re-arming after a resolve. */
  rearming: number;
}
