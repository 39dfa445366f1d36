// Checks a feed's declared JSON mapping and compiles it into getters. Every problem is
// reported with the mapping key it is under (`mapping.severity.map.high: …`), all at once,
// so an engineer fixes a feed's configuration in one pass.
import { OBSERVABLE_TYPES, type ObservableType } from '@portwatch/schema';
import { compilePath, compileTemplate, isPath, pathError, templateErrors, type Getter } from './value-spec.ts';

export type TimeFormat = 'auto' | 'iso' | 'epoch_s' | 'epoch_ms';

export interface CompiledField {
  get: Getter;
  /** Present when the spec was a path (so rejections can name it). */
  path?: string;
  map?: Record<string, unknown>;
  fallback?: unknown;
  format?: TimeFormat;
}

export interface CompiledMapping {
  time?: CompiledField;
  type: CompiledField;
  domain: CompiledField;
  severity: CompiledField;
  title?: CompiledField;
  confidence?: CompiledField;
  sensorId?: CompiledField;
  lat?: CompiledField;
  lon?: CompiledField;
  correlationKey?: CompiledField;
  sourceRef?: CompiledField;
  assetId?: CompiledField;
  observables: { type: ObservableType; field: CompiledField }[];
  tags: CompiledField[];
}

const KNOWN_KEYS = [
  'time',
  'type',
  'domain',
  'severity',
  'title',
  'confidence',
  'sensorId',
  'lat',
  'lon',
  'observables',
  'tags',
  'correlationKey',
  'sourceRef',
  'assetId',
];
const REQUIRED_KEYS = ['type', 'domain', 'severity'];
// Where free text is expected, a string with {placeholders} is a template.
const TEXT_KEYS = new Set(['type', 'title', 'sensorId', 'correlationKey', 'sourceRef', 'assetId', 'tags']);
const TIME_FORMATS: TimeFormat[] = ['auto', 'iso', 'epoch_s', 'epoch_ms'];
export const INDICATOR_TYPE = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/;

type Result = { ok: true; mapping: CompiledMapping } | { ok: false; errors: string[] };

export function compileMapping(mapping: unknown): Result {
  const errors: string[] = [];
  if (mapping === null || typeof mapping !== 'object' || Array.isArray(mapping))
    return {
      ok: false,
      errors: ['mapping: expected an object of field specs (time, type, domain, severity, title, …)'],
    };
  const m = mapping as Record<string, unknown>;
  for (const key of Object.keys(m))
    if (!KNOWN_KEYS.includes(key)) errors.push(`mapping.${key}: unknown key; known keys: ${KNOWN_KEYS.join(', ')}`);
  for (const key of REQUIRED_KEYS) if (m[key] === undefined) errors.push(`mapping.${key}: required`);

  const field = (key: string, value: unknown = m[key], where = `mapping.${key}`): CompiledField | undefined =>
    value === undefined ? undefined : compileField(value, where, TEXT_KEYS.has(key), errors);
  const compiled: Partial<CompiledMapping> = {
    time: field('time'),
    type: field('type'),
    domain: field('domain'),
    severity: field('severity'),
    title: field('title'),
    confidence: field('confidence'),
    sensorId: field('sensorId'),
    lat: field('lat'),
    lon: field('lon'),
    correlationKey: field('correlationKey'),
    sourceRef: field('sourceRef'),
    assetId: field('assetId'),
    observables: [],
    tags: [],
  };
  if ((m.lat === undefined) !== (m.lon === undefined))
    errors.push(
      `mapping.${m.lat === undefined ? 'lat' : 'lon'}: required when mapping.${m.lat === undefined ? 'lon' : 'lat'} is given`,
    );
  checkConstants(m, errors);

  if (m.observables !== undefined) {
    if (!Array.isArray(m.observables)) errors.push('mapping.observables: expected a list of {type, path}');
    else
      m.observables.forEach((o: unknown, i) => {
        const where = `mapping.observables[${i}]`;
        const entry = (o ?? {}) as Record<string, unknown>;
        if (typeof o !== 'object' || o === null || Array.isArray(o))
          return void errors.push(`${where}: expected {type, path}`);
        if (!(OBSERVABLE_TYPES as readonly unknown[]).includes(entry.type))
          errors.push(
            `${where}.type: expected one of ${OBSERVABLE_TYPES.join(', ')}, got ${JSON.stringify(entry.type)}`,
          );
        const f = compileField(entry.path, `${where}.path`, true, errors);
        if (f !== undefined) compiled.observables!.push({ type: entry.type as ObservableType, field: f });
      });
  }
  if (m.tags !== undefined) {
    if (!Array.isArray(m.tags)) errors.push('mapping.tags: expected a list of tags, paths or templates');
    else
      m.tags.forEach((t: unknown, i) => {
        const f = compileField(t, `mapping.tags[${i}]`, true, errors);
        if (f !== undefined) compiled.tags!.push(f);
      });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, mapping: compiled as CompiledMapping };
}

function compileField(spec: unknown, where: string, text: boolean, errors: string[]): CompiledField | undefined {
  if (typeof spec === 'number' || typeof spec === 'boolean') return { get: () => spec };
  if (typeof spec === 'string') {
    if (spec.startsWith('const:')) {
      const value = spec.slice(6);
      return { get: () => value };
    }
    if (isPath(spec)) {
      const error = pathError(spec);
      if (error !== undefined) return void errors.push(`${where}: ${error}`);
      return { get: compilePath(spec), path: spec };
    }
    if (text && spec.includes('{')) {
      const problems = templateErrors(spec);
      if (problems.length > 0) return void errors.push(...problems.map((p) => `${where}: ${p}`));
      return { get: compileTemplate(spec) };
    }
    return { get: () => spec };
  }
  if (spec !== null && typeof spec === 'object' && !Array.isArray(spec)) {
    const o = spec as Record<string, unknown>;
    for (const key of Object.keys(o))
      if (!['path', 'map', 'default', 'format'].includes(key))
        errors.push(`${where}.${key}: unknown key; known keys: path, map, default, format`);
    if (typeof o.path !== 'string' || pathError(o.path) !== undefined)
      return void errors.push(
        `${where}.path: ${typeof o.path === 'string' ? pathError(o.path) : 'required, a path like "$.field"'}`,
      );
    if (o.map !== undefined && (o.map === null || typeof o.map !== 'object' || Array.isArray(o.map)))
      errors.push(`${where}.map: expected an object of record value → mapped value`);
    if (o.format !== undefined && !TIME_FORMATS.includes(o.format as TimeFormat))
      errors.push(`${where}.format: expected one of ${TIME_FORMATS.join(', ')}, got ${JSON.stringify(o.format)}`);
    return {
      get: compilePath(o.path),
      path: o.path,
      map: o.map as Record<string, unknown> | undefined,
      fallback: o.default,
      format: o.format as TimeFormat | undefined,
    };
  }
  errors.push(
    `${where}: expected a path ("$.field"), a constant, a template or {path, map, default}, got ${JSON.stringify(spec)}`,
  );
  return undefined;
}

/** Constants and map values that can be checked now rather than on every record. */
function checkConstants(m: Record<string, unknown>, errors: string[]): void {
  const constants = (spec: unknown): unknown[] => {
    if (typeof spec === 'string')
      return spec.startsWith('const:') ? [spec.slice(6)] : isPath(spec) || spec.includes('{') ? [] : [spec];
    if (typeof spec === 'number' || typeof spec === 'boolean') return [spec];
    if (spec !== null && typeof spec === 'object' && !Array.isArray(spec)) {
      const o = spec as Record<string, unknown>;
      const values = o.map !== null && typeof o.map === 'object' ? Object.values(o.map as object) : [];
      return o.default === undefined ? values : [...values, o.default];
    }
    return [];
  };
  const check = (key: string, ok: (v: unknown) => boolean, expected: string) => {
    for (const v of constants(m[key]))
      if (!ok(v)) errors.push(`mapping.${key}: ${JSON.stringify(v)} is not ${expected}`);
  };
  check(
    'type',
    (v) => typeof v === 'string' && INDICATOR_TYPE.test(v),
    'a dotted lower-case indicator type such as env.smoke',
  );
  check('domain', (v) => v === 'physical' || v === 'cyber', 'physical or cyber');
  check(
    'severity',
    (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 5,
    'an OCSF severity, an integer 0–5',
  );
  check('confidence', (v) => typeof v === 'number' && v >= 0 && v <= 100, 'a confidence 0–100');
}
