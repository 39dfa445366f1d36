// A feed as a site declares it in feeds.yaml: where records arrive and how to read them.

export const ZONE_STRATEGIES = ['sensor', 'position', 'ip', 'fixed'] as const;
export type ZoneStrategy = (typeof ZONE_STRATEGIES)[number];

export interface FeedConfig {
  id: string;
  name?: string;
  transport: 'mqtt' | 'kafka';
  /** MQTT topic filter (with + and # wildcards) or Kafka topic name. */
  topic: string;
  format: string;
  /** Field mapping for the generic `json` format. */
  mapping?: Record<string, unknown>;
  /** How the zone is found, tried in order; `fixed` uses fixedZone. */
  zone: ZoneStrategy[];
  fixedZone?: string;
  /** Records larger than this are rejected before decoding. */
  maxRecordBytes: number;
  /** Sustained records per second accepted; the excess is rejected as rate-limited. */
  maxRatePerSec: number;
  enabled: boolean;
}

export const feedFileSchema = {
  $id: 'https://portwatch.dev/schema/feeds.json',
  type: 'object',
  required: ['feeds'],
  additionalProperties: false,
  properties: {
    feeds: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'transport', 'topic', 'format'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
          name: { type: 'string' },
          transport: { enum: ['mqtt', 'kafka'] },
          topic: { type: 'string', minLength: 1 },
          format: { type: 'string', minLength: 1 },
          mapping: { type: 'object' },
          zone: { type: 'array', minItems: 1, items: { enum: ZONE_STRATEGIES } },
          fixedZone: { type: 'string' },
          maxRecordBytes: { type: 'integer', minimum: 64, maximum: 16777216 },
          maxRatePerSec: { type: 'number', exclusiveMinimum: 0 },
          enabled: { type: 'boolean' },
        },
      },
    },
  },
} as const;

export const FEED_DEFAULTS = {
  maxRecordBytes: 65_536,
  maxRatePerSec: 2_000,
  enabled: true,
  zone: ['sensor', 'position', 'ip'] as ZoneStrategy[],
};
