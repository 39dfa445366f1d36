// Turns Ajv's errors into the house format: a dotted key path (`features[3].properties.kind`)
// and a sentence that says what was expected, in the words of the site plan, not of JSON Schema.
import type { ErrorObject } from 'ajv';
import { CIDR_PATTERN, IPV4_PATTERN, SENSOR_ID_PATTERN, ZONE_ID_PATTERN } from '@portwatch/schema';

type SchemaNode = {
  type?: string | string[];
  enum?: readonly unknown[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, SchemaNode>;
};

const PATTERN_HINTS: Record<string, string> = {
  [ZONE_ID_PATTERN]: 'a kebab-case id like "gate-north"',
  [SENSOR_ID_PATTERN]: 'an id of letters, digits, ".", "_", ":" or "-" like "AP-CT-01"',
  [IPV4_PATTERN]: 'an IPv4 address like "10.20.3.14"',
  [CIDR_PATTERN]: 'an IPv4 CIDR like "10.20.3.0/24"',
};

/** Null for errors that only restate another one (a failed `if` next to its `required`). */
export function describeSchemaError(error: ErrorObject): { path: string; message: string } | null {
  const path = keyPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as SchemaNode;
  switch (error.keyword) {
    case 'if':
      return null;
    case 'required': {
      const key = String(params.missingProperty);
      return { path: join(path, key), message: `missing (expected ${expectation(parent.properties?.[key])})` };
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys(parent.properties ?? {}).join(', ');
      return { path: join(path, key), message: `unknown key (expected one of ${known})` };
    }
    case 'enum':
    case 'const':
    case 'type':
    case 'pattern':
    case 'minimum':
    case 'maximum':
      return { path, message: `${show(error.data)} is not allowed (expected ${expectation(parent)})` };
    default:
      return { path, message: error.message ?? 'invalid' };
  }
}

function expectation(schema: SchemaNode | undefined): string {
  if (!schema) return 'a value';
  if (schema.enum) return `one of ${schema.enum.join(', ')}`;
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.pattern) return PATTERN_HINTS[schema.pattern] ?? `a string matching ${schema.pattern}`;
  const types = [schema.type ?? 'value'].flat().join(' or ');
  const range = [
    schema.minimum !== undefined ? `>= ${schema.minimum}` : '',
    schema.maximum !== undefined ? `<= ${schema.maximum}` : '',
  ].filter(Boolean);
  return range.length ? `${types} ${range.join(' and ')}` : types;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** JSON Pointer `/features/3/properties` → `features[3].properties`. */
export function keyPath(pointer: string): string {
  let path = '';
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path = /^\d+$/.test(segment) ? `${path}[${segment}]` : join(path, segment);
  }
  return path;
}

function join(path: string, key: string): string {
  const safe = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  if (!path) return safe;
  return safe.startsWith('"') ? `${path}[${safe}]` : `${path}.${safe}`;
}
