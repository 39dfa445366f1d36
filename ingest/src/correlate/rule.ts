// Correlation rules as a site declares them in rules/*.yaml (Sigma v2 correlation in spirit).
import type { Severity } from '@portwatch/schema';

/** A field condition: a value (equals), a list (any of), or operators. */
export type Condition =
  | string
  | number
  | boolean
  | (string | number)[]
  | {
      gte?: number;
      gt?: number;
      lte?: number;
      lt?: number;
      in?: (string | number)[];
      contains?: string;
      startsWith?: string;
      exists?: boolean;
    };

/** A base detection: every listed field must hold (AND). Keys are indicator field paths. */
export type Detection = Record<string, Condition>;

export const CORRELATION_TYPES = ['temporal', 'temporal_ordered', 'event_count', 'value_count', 'absence'] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];

/** absence: B expected after A (a vessel that stops reporting) or before it (a door opened with no access granted first). */
export const ABSENCE_DIRECTIONS = ['followed', 'preceded'] as const;
export type AbsenceDirection = (typeof ABSENCE_DIRECTIONS)[number];

export interface Rule {
  id: string;
  title: string;
  description?: string;
  severity: Severity;
  sop?: string;
  /**
   * Sigma-style tags carried onto its incidents: MITRE ATT&CK techniques and tactics
   * (`attack.t0855`, `attack.t1110.003`, `attack.lateral-movement`) and the like.
   */
  tags?: string[];
  file: string;
  detections: Record<string, Detection>;
  correlation: {
    type: CorrelationType;
    /** Detection names taking part (temporal, temporal_ordered; the one counted for event_count/value_count; [A, B] for absence). */
    rules: string[];
    /** Indicator field paths; zoneId is always part of the group unless acrossZones. */
    groupBy: string[];
    timespanMs: number;
    /** event_count: at least this many; value_count: at least this many distinct values. */
    gte?: number;
    /** value_count: the field whose distinct values are counted. */
    field?: string;
    /** absence: whether B must follow A (default) or precede it. */
    direction?: AbsenceDirection;
    /** Group without the zone (a badge seen at two gates in different zones). */
    acrossZones?: boolean;
    /**
     * A cyber indicator on an asset counts in the zones that depend on that asset (asset graph),
     * not in its own zone: "the server was hit, then something happened at the gates it drives".
     */
    throughAssets?: boolean;
  };
  /** While an incident is open, further matches within this time update it instead of raising a new one. */
  suppressMs: number;
  /** After an operator resolves an incident, no new one is raised for its group for this long. */
  rearmMs: number;
  /** Overrides the engine's allowed lateness for this rule. */
  latenessMs?: number;
  /** false: validated and listed, but not run (a rule the site is not ready for). */
  enabled: boolean;
}
