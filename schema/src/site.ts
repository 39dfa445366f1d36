// The site folder contract (dashboards/<site>/): site.yaml, zones.geojson, sensors.geojson,
// assets.yaml. Types are hand-written minimal GeoJSON so that no @types package is needed;
// the JSON Schemas below are what the loader validates with, so a typo in a site plan fails
// with the file and key named instead of surfacing later as a wrong zone on the map.

export const SITE_KINDS = ['seaport', 'airport'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export const ZONE_KINDS = ['terminal', 'cargo', 'gate', 'it', 'fuel', 'water', 'admin', 'airside', 'landside'] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];

export const SENSOR_KINDS = [
  'access_reader',
  'camera',
  'fence',
  'ais_receiver',
  'drone_detector',
  'ids_tap',
  'radar',
  'door',
] as const;
export type SensorKind = (typeof SENSOR_KINDS)[number];

export const ASSET_KINDS = [
  'server',
  'workstation',
  'plc',
  'controller',
  'network',
  'camera_system',
  'application',
  'scada',
] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

/** GeoJSON order: longitude first. */
export type Position = [lon: number, lat: number];

export interface Point {
  type: 'Point';
  coordinates: Position;
}

/** First ring is the outline, further rings are holes; every ring is closed (first = last). */
export interface Polygon {
  type: 'Polygon';
  coordinates: Position[][];
}

export interface Feature<G, P> {
  type: 'Feature';
  id?: string | number;
  geometry: G;
  properties: P;
}

export interface FeatureCollection<F> {
  type: 'FeatureCollection';
  features: F[];
}

export interface SiteConfig {
  id: string;
  name: string;
  kind: SiteKind;
  center: { lat: number; lon: number };
  zoom: number;
  /** IANA zone, for shift-based rules and local times in the UI. */
  timezone: string;
  /** Optional XYZ tile URL; null means the offline site plan alone. */
  tileUrl: string | null;
}

export interface ZoneProperties {
  id: string;
  name: string;
  kind: ZoneKind;
  /** 1 (low) to 5 (vital); weights the zone's risk. */
  criticality: number;
  /** IPv4 CIDRs of the zone's LAN; how cyber indicators without a known asset find a zone. */
  networks: string[];
}
export type ZoneFeature = Feature<Polygon, ZoneProperties>;

export interface SensorProperties {
  /** The identifier the wire records carry (ONVIF token, fence sensor id, IDS host name…). */
  id: string;
  name: string;
  kind: SensorKind;
  zoneId: string;
  vendor?: string;
  product?: string;
  /** Fences: how many segments the sensor reports on. */
  segments?: number;
  /** Access readers: the door the reader opens. */
  doorId?: string;
}
export type SensorFeature = Feature<Point, SensorProperties>;

export interface Asset {
  id: string;
  name: string;
  kind: AssetKind;
  zoneId: string;
  ips: string[];
  /** Zones whose operation depends on this asset: a compromise propagates to them. */
  controls: string[];
  /** Assets this one needs: a compromise of any of them propagates to this one. */
  dependsOn: string[];
}

export type Site = SiteConfig & {
  /** Absolute folder the site was loaded from (rules, feeds and SOPs live beside it). */
  dir: string;
  zones: FeatureCollection<ZoneFeature>;
  sensors: FeatureCollection<SensorFeature>;
  assets: Asset[];
};

export const ZONE_ID_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';
/** Sensor ids are whatever the device reports, so they are looser than zone ids. */
export const SENSOR_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:-]*$';
const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
export const IPV4_PATTERN = `^${OCTET}(\\.${OCTET}){3}$`;
export const CIDR_PATTERN = `^${OCTET}(\\.${OCTET}){3}/(3[0-2]|[12]?[0-9])$`;

const position = {
  type: 'array',
  items: [
    { type: 'number', minimum: -180, maximum: 180 },
    { type: 'number', minimum: -90, maximum: 90 },
  ],
  minItems: 2,
  maxItems: 2,
} as const;

const text = { type: 'string', minLength: 1 } as const;
const segments = { type: 'integer', minimum: 1 } as const;

// Repeats the property schema so that Ajv's strict mode (strictRequired) accepts the schema.
function requires(key: string, schema: object) {
  return { type: 'object', required: [key], properties: { [key]: schema } } as const;
}

function featureCollection(geometry: object, properties: object) {
  return {
    type: 'object',
    required: ['type', 'features'],
    properties: {
      type: { const: 'FeatureCollection' },
      features: {
        type: 'array',
        items: {
          type: 'object',
          required: ['type', 'geometry', 'properties'],
          properties: {
            type: { const: 'Feature' },
            id: { type: ['string', 'number'] },
            geometry,
            properties,
          },
          additionalProperties: false,
        },
      },
    },
  } as const;
}

export const siteConfigSchema = {
  $id: 'https://portwatch.dev/schema/site.json',
  type: 'object',
  required: ['id', 'name', 'kind', 'center', 'zoom', 'timezone'],
  properties: {
    id: { type: 'string', pattern: ZONE_ID_PATTERN },
    name: text,
    kind: { enum: SITE_KINDS },
    center: {
      type: 'object',
      required: ['lat', 'lon'],
      properties: {
        lat: { type: 'number', minimum: -90, maximum: 90 },
        lon: { type: 'number', minimum: -180, maximum: 180 },
      },
      additionalProperties: false,
    },
    zoom: { type: 'number', minimum: 1, maximum: 20 },
    timezone: text,
    tileUrl: { type: ['string', 'null'], default: null },
  },
  additionalProperties: false,
} as const;

export const zonesSchema = {
  $id: 'https://portwatch.dev/schema/zones.json',
  ...featureCollection(
    {
      type: 'object',
      required: ['type', 'coordinates'],
      properties: {
        type: { const: 'Polygon' },
        coordinates: { type: 'array', minItems: 1, items: { type: 'array', minItems: 4, items: position } },
      },
      additionalProperties: false,
    },
    {
      type: 'object',
      required: ['id', 'name', 'kind', 'criticality', 'networks'],
      properties: {
        id: { type: 'string', pattern: ZONE_ID_PATTERN },
        name: text,
        kind: { enum: ZONE_KINDS },
        criticality: { type: 'integer', minimum: 1, maximum: 5 },
        networks: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: CIDR_PATTERN } },
      },
      additionalProperties: false,
    },
  ),
} as const;

export const sensorsSchema = {
  $id: 'https://portwatch.dev/schema/sensors.json',
  ...featureCollection(
    {
      type: 'object',
      required: ['type', 'coordinates'],
      properties: { type: { const: 'Point' }, coordinates: position },
      additionalProperties: false,
    },
    {
      type: 'object',
      required: ['id', 'name', 'kind', 'zoneId'],
      properties: {
        id: { type: 'string', pattern: SENSOR_ID_PATTERN },
        name: text,
        kind: { enum: SENSOR_KINDS },
        zoneId: { type: 'string', pattern: ZONE_ID_PATTERN },
        vendor: text,
        product: text,
        segments,
        doorId: text,
      },
      additionalProperties: false,
      // A fence alarm names a segment and a badge event names a door: without these the
      // decoders could not place the event more precisely than the zone.
      allOf: [
        { if: { properties: { kind: { const: 'fence' } } }, then: requires('segments', segments) },
        { if: { properties: { kind: { const: 'access_reader' } } }, then: requires('doorId', text) },
      ],
    },
  ),
} as const;

export const assetsSchema = {
  $id: 'https://portwatch.dev/schema/assets.json',
  type: 'object',
  required: ['assets'],
  properties: {
    assets: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'kind', 'zoneId'],
        properties: {
          id: { type: 'string', pattern: ZONE_ID_PATTERN },
          name: text,
          kind: { enum: ASSET_KINDS },
          zoneId: { type: 'string', pattern: ZONE_ID_PATTERN },
          ips: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: IPV4_PATTERN }, default: [] },
          controls: { type: 'array', uniqueItems: true, items: { type: 'string' }, default: [] },
          dependsOn: { type: 'array', uniqueItems: true, items: { type: 'string' }, default: [] },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;
