// The Indicator contract of DESIGN.md: one normalized observation.
// Field names are part of the product: tools, rules and tests rely on them.

export const MODES = ['live', 'exercise', 'replay'] as const;
export type Mode = (typeof MODES)[number];

export const DOMAINS = ['physical', 'cyber'] as const;
export type Domain = (typeof DOMAINS)[number];

export const OBSERVABLE_TYPES = [
  'ip',
  'hostname',
  'user',
  'badge',
  'mmsi',
  'imo',
  'uas_id',
  'track_id',
  'mac',
  'asset',
] as const;
export type ObservableType = (typeof OBSERVABLE_TYPES)[number];

/** OCSF severity_id: 0 unknown, 1 informational, 2 low, 3 medium, 4 high, 5 critical. */
export type Severity = 0 | 1 | 2 | 3 | 4 | 5;
export const SEVERITY_NAMES = ['unknown', 'informational', 'low', 'medium', 'high', 'critical'] as const;

export interface GeoPoint {
  lat: number;
  lon: number;
}

export interface IndicatorSource {
  feed: string;
  format: string;
  sensorId: string | null;
  vendor?: string;
  product?: string;
}

export interface Observable {
  type: ObservableType;
  value: string;
}

export interface Indicator {
  id: string;
  time: string;
  ingestTime: string;
  mode: Mode;
  /** The exercise it belongs to (mode `exercise` only). */
  exerciseId?: string;
  siteId: string;
  zoneId: string | null;
  /** Why no zone could be found; present only when zoneId is null. */
  zoneReason?: string;
  domain: Domain;
  type: string;
  title: string;
  severity: Severity;
  confidence: number;
  location: GeoPoint | null;
  source: IndicatorSource;
  observables: Observable[];
  assetId?: string;
  correlationKey?: string;
  tags: string[];
  raw?: unknown;
}

export const indicatorSchema = {
  $id: 'https://portwatch.dev/schema/indicator.json',
  type: 'object',
  required: [
    'id',
    'time',
    'ingestTime',
    'mode',
    'siteId',
    'zoneId',
    'domain',
    'type',
    'title',
    'severity',
    'confidence',
    'location',
    'source',
    'observables',
    'tags',
  ],
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 200 },
    // UTC with milliseconds, as record-time.ts writes every decoder's times: an offset would
    // sort and window wrongly as text, and the hot-path check (indicator-problem.ts) refuses it too.
    time: { type: 'string', format: 'date-time', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$' },
    ingestTime: { type: 'string', format: 'date-time' },
    mode: { enum: MODES },
    exerciseId: { type: 'string', minLength: 1 },
    siteId: { type: 'string', minLength: 1 },
    zoneId: { type: ['string', 'null'] },
    zoneReason: { type: 'string' },
    domain: { enum: DOMAINS },
    type: { type: 'string', pattern: '^[a-z0-9_]+(\\.[a-z0-9_]+)+$' },
    title: { type: 'string', maxLength: 500 },
    severity: { type: 'integer', minimum: 0, maximum: 5 },
    confidence: { type: 'number', minimum: 0, maximum: 100 },
    location: {
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['lat', 'lon'],
          additionalProperties: false,
          properties: {
            lat: { type: 'number', minimum: -90, maximum: 90 },
            lon: { type: 'number', minimum: -180, maximum: 180 },
          },
        },
      ],
    },
    source: {
      type: 'object',
      required: ['feed', 'format', 'sensorId'],
      additionalProperties: false,
      properties: {
        feed: { type: 'string', minLength: 1 },
        format: { type: 'string', minLength: 1 },
        sensorId: { type: ['string', 'null'] },
        vendor: { type: 'string' },
        product: { type: 'string' },
      },
    },
    observables: {
      type: 'array',
      maxItems: 64,
      items: {
        type: 'object',
        required: ['type', 'value'],
        additionalProperties: false,
        properties: { type: { enum: OBSERVABLE_TYPES }, value: { type: 'string', maxLength: 512 } },
      },
    },
    assetId: { type: 'string' },
    correlationKey: { type: 'string' },
    tags: { type: 'array', maxItems: 64, items: { type: 'string', maxLength: 128 } },
    raw: {},
  },
} as const;
