// IDMEFv2 alerts (IETF draft-lehmann-idmefv2), the one JSON format that cyber and physical
// analyzers share; 7SHIELD exchanged them over Kafka. One alert, one indicator.
//   domain   — Analyzer.Type (a string, or an array in later drafts) when it says Physical or
//              Cyber alone; otherwise (Combined, older drafts' Cyberphysical, no Type) physical
//              when an Analyzer.Category is a physical sensor's, else cyber
//   type     — from Category[0]: well-known categories map to Portwatch types, others to
//              `idmef.<category>` (e.g. Intrusion.Burglary → idmef.intrusion_burglary)
//   severity — Priority (Unknown/Info/Low/Medium/High → 0/1/2/3/4); older drafts say Severity
//   time     — StartTime when given (when it happened), else CreateTime
import type { Domain, GeoPoint, Observable, Severity } from '@portwatch/schema';
import {
  accept,
  newDraft,
  type DecodeContext,
  type DecodeResult,
  type Decoder,
  type DecoderFactory,
} from '../decoder.ts';
import {
  clipObservable,
  clipTag,
  clipTitle,
  lookup,
  parseJsonObject,
  readIsoTime,
  readObject,
  readOptionalArray,
  readOptionalNumber,
  readOptionalString,
  readString,
  rejectRecord,
  rejectionFrom,
  show,
  type JsonObject,
} from '../record-fields.ts';

export const createIdmefDecoder: DecoderFactory = () => {
  const decoder: Decoder = { format: 'idmef', decode: decodeIdmef };
  return decoder;
};

const PRIORITY: Record<string, Severity> = { Unknown: 0, Info: 1, Low: 2, Medium: 3, High: 4 };

// Analyzer categories of physical sensors (upper case: categories are compared so). The
// IDMEFv2 draft's own list: LiDAR (1D/2D/3DLiS) and laser (1D/2D/3DLaS) sensors, voice
// activity detection (VAD), human activity recognition (HAR), face recognition (FRC) and
// object detection (ODC) cameras, visible/near, short-, middle- and long-wave infrared
// cameras (VNIR, SWIR, MWIR, LWIR), anti-drone systems (ADS), weather (WEA); then the
// names physical security equipment used before the draft had a list (PSIM, ACS, PIDS…).
const PHYSICAL_CATEGORIES = new Set([
  '1DLIS',
  '2DLIS',
  '3DLIS',
  '1DLAS',
  '2DLAS',
  '3DLAS',
  'VAD',
  'HAR',
  'FRC',
  'ODC',
  'VNIR',
  'SWIR',
  'MWIR',
  'LWIR',
  'ADS',
  'WEA',
  'ACS',
  'PIDS',
  'VSS',
  'VMS',
  'CCTV',
  'PSIM',
  'FAS',
  'FIRE',
  'BADGE',
  'BIOMETRIC',
  'DRONE',
  'RADAR',
  'MOTION',
  'DOOR',
  'INTRUSION',
  'PHYSICAL',
]);

const KNOWN_CATEGORIES: Record<string, string> = {
  'Recon.Scanning': 'net.scan',
  'Attempt.Login': 'auth.failure',
  'Intrusion-Attempts.Login': 'auth.failure',
  'Information-Gathering.Scanner': 'net.scan',
};

const MAX_OBSERVABLES = 64;
const NO_ITEMS: readonly unknown[] = Object.freeze([]);

function decodeIdmef(payload: string, ctx: DecodeContext): DecodeResult {
  try {
    const alert = parseJsonObject(payload, 'an IDMEFv2 alert', ctx);
    const version = readString(alert, 'Version');
    if (!version.startsWith('2.'))
      rejectRecord(`Version: expected an IDMEFv2 version such as "2.D.V04", got ${show(version)}`);
    const id = readString(alert, 'ID');
    const createTime = readIsoTime(alert, 'CreateTime');
    const time = alert.StartTime === undefined ? createTime : readIsoTime(alert, 'StartTime');
    const analyzer = readObject(alert, 'Analyzer');
    const categories = stringList(alert, 'Category');
    const sensors = objectList(alert, 'Sensor');
    const sources = objectList(alert, 'Source');
    const targets = objectList(alert, 'Target');

    const observables: Observable[] = [];
    const ips: string[] = [];
    for (let i = 0; i < sources.length; i++) collect(sources[i], 'Source', i, observables, ips);
    for (let i = 0; i < targets.length; i++) collect(targets[i], 'Target', i, observables, ips);

    const firstSensor = sensors[0];
    const sensorId =
      (firstSensor &&
        (readOptionalString(firstSensor, 'Name', 'Sensor[0].Name') ??
          readOptionalString(firstSensor, 'Hostname', 'Sensor[0].Hostname'))) ??
      readOptionalString(analyzer, 'Name', 'Analyzer.Name') ??
      readOptionalString(analyzer, 'Hostname', 'Analyzer.Hostname') ??
      null;
    const description = readOptionalString(alert, 'Description');
    const confidence = readOptionalNumber(alert, 'Confidence', 'Confidence', 0, 1);
    const model = readOptionalString(analyzer, 'Model', 'Analyzer.Model');
    const draft = newDraft({
      time,
      domain: domainOf(analyzer),
      type: typeOf(categories[0], readOptionalString(alert, 'Status')),
      title: clipTitle(description ?? categories[0] ?? 'IDMEFv2 alert'),
      severity: severityOf(alert),
      confidence: confidence === undefined ? 70 : Math.round(confidence * 100),
      location: locationOf(targets, sensors, analyzer),
      sensorId,
      observables,
      tags: categoryTags(categories),
      ips,
      sourceRef: id,
      raw: alert,
    });
    if (model !== undefined) draft.product = model;
    const correlation = readOptionalString(alert, 'CorrelID');
    if (correlation !== undefined) draft.correlationKey = correlation;
    return accept(draft);
  } catch (error) {
    return rejectionFrom(error);
  }
}

function severityOf(alert: JsonObject): Severity {
  const key = alert.Priority !== undefined ? 'Priority' : 'Severity';
  const value = alert[key];
  if (value === undefined || value === null) return 0;
  const priority = typeof value === 'string' ? lookup(PRIORITY, value) : undefined;
  if (priority !== undefined) return priority;
  return rejectRecord(`${key}: expected Unknown, Info, Low, Medium or High, got ${show(value)}`);
}

function domainOf(analyzer: JsonObject): Domain {
  const types = analyzerTypes(analyzer);
  const physical = types.includes('Physical');
  const cyber = types.includes('Cyber');
  if (physical && !cyber) return 'physical';
  if (cyber && !physical) return 'cyber';
  return stringList(analyzer, 'Category', 'Analyzer.Category').some((c) => PHYSICAL_CATEGORIES.has(c.toUpperCase()))
    ? 'physical'
    : 'cyber';
}

/** Analyzer.Type: one string in the early drafts, an array of them in later ones. */
function analyzerTypes(analyzer: JsonObject): readonly string[] {
  const value = analyzer.Type;
  if (value === undefined || value === null || value === '') return NO_ITEMS as readonly string[];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return stringList(analyzer, 'Type', 'Analyzer.Type');
  return rejectRecord(`Analyzer.Type: expected a string or an array of strings, got ${show(value)}`);
}

function typeOf(category: string | undefined, status: string | undefined): string {
  if (category === undefined) return status === 'Incident' ? 'idmef.incident' : 'idmef.alert';
  const known = lookup(KNOWN_CATEGORIES, category);
  if (known !== undefined) return known;
  let type = typeByCategory.get(category);
  if (type === undefined) {
    const slug = category
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 60);
    type = `idmef.${slug === '' ? 'alert' : slug}`;
    if (typeByCategory.size >= 1000) typeByCategory.clear();
    typeByCategory.set(category, type);
  }
  return type;
}

/** Analyzers repeat a handful of free-text categories: their types, once worked out. */
const typeByCategory = new Map<string, string>();

function categoryTags(categories: string[]): string[] {
  const tags: string[] = [];
  for (let i = 0; i < categories.length && i < 16; i++) tags.push(clipTag(`category:${categories[i]}`));
  return tags;
}

function stringList(record: JsonObject, key: string, path: string = key): string[] {
  const list = readOptionalArray(record, key, path) ?? NO_ITEMS;
  for (let i = 0; i < list.length; i++)
    if (typeof list[i] !== 'string') rejectRecord(`${path}[${i}]: expected a string, got ${show(list[i])}`);
  return list as string[];
}

function objectList(record: JsonObject, key: string): JsonObject[] {
  const list = readOptionalArray(record, key) ?? NO_ITEMS;
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (v === null || typeof v !== 'object' || Array.isArray(v))
      rejectRecord(`${key}[${i}]: expected an object, got ${show(v)}`);
  }
  return list as JsonObject[];
}

const ENDPOINT_OBSERVABLES: [string, Observable['type']][] = [
  ['IP', 'ip'],
  ['Hostname', 'hostname'],
  ['User', 'user'],
];

function collect(endpoint: JsonObject, list: string, index: number, observables: Observable[], ips: string[]): void {
  for (const [key, type] of ENDPOINT_OBSERVABLES) {
    const value = endpoint[key];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') rejectRecord(`${list}[${index}].${key}: expected a string, got ${show(value)}`);
    if (observables.length < MAX_OBSERVABLES) observables.push({ type, value: clipObservable(value) });
    if (type === 'ip') ips.push(value);
  }
}

/** Where it happened: the first target with a GeoLocation, else the sensor, else the analyzer. */
function locationOf(targets: JsonObject[], sensors: JsonObject[], analyzer: JsonObject): GeoPoint | null {
  for (let i = 0; i < targets.length; i++) {
    const text = readOptionalString(targets[i], 'GeoLocation', `Target[${i}].GeoLocation`);
    if (text !== undefined) return geoLocation(text, `Target[${i}].GeoLocation`);
  }
  for (let i = 0; i < sensors.length; i++) {
    const text = readOptionalString(sensors[i], 'GeoLocation', `Sensor[${i}].GeoLocation`);
    if (text !== undefined) return geoLocation(text, `Sensor[${i}].GeoLocation`);
  }
  const text = readOptionalString(analyzer, 'GeoLocation', 'Analyzer.GeoLocation');
  return text === undefined ? null : geoLocation(text, 'Analyzer.GeoLocation');
}

/** `"lat,lon"` or `"lat,lon,alt"`, decimal degrees. */
function geoLocation(text: string, path: string): GeoPoint {
  const parts = text.split(',', 4);
  const lat = Number(parts[0]);
  const lon = Number(parts[1]);
  if (
    parts.length < 2 ||
    parts.length > 3 ||
    parts[0].trim() === '' ||
    parts[1].trim() === '' ||
    !(Math.abs(lat) <= 90) ||
    !(Math.abs(lon) <= 180)
  ) {
    rejectRecord(`${path}: expected "lat,lon[,alt]" in degrees, got ${show(text)}`);
  }
  return { lat, lon };
}
