// Correlation rules as a site declares them in rules/*.yaml (Sigma v2 correlation in spirit).
import type { Severity } from '@portwatch/schema';

/** A field condition: a value (equals), a list (any of), or operators. */
export type Condition =
  | string
  | number
  | boolean
  | (string | number)[]
  | { gte?: number; gt?: number; lte?: number; lt?: number; in?: (string | number)[]; contains?: string; startsWith?: string; exists?: boolean };

/** A base detection: every listed field must hold (AND). Keys are indicator field paths. */
export type Detection = Record<string, Condition>;

export const CORRELATION_TYPES = ['temporal', 'temporal_ordered', 'event_count', 'value_count', 'absence'] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];

export interface Rule {
  id: string;
  title: string;
  description?: string;
  severity: Severity;
  sop?: string;
  file: string;
  detections: Record<string, Detection>;
  correlation: {
    type: CorrelationType;
    /** Detection names taking part (temporal, temporal_ordered; the one counted for event_count/value_count). */
    rules: string[];
    /** Indicator field paths; zoneId is always part of the group. */
    groupBy: string[];
    timespanMs: number;
    /** event_count: at least this many; value_count: at least this many distinct values. */
    gte?: number;
    /** value_count: the field whose distinct values are counted. */
    field?: string;
  };
  /** While an incident is open, further matches within this time update it instead of raising a new one. */
  suppressMs: number;
}
