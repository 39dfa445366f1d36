// Compiled JSON-Schema validators for the contracts. Ajv compiles each schema once into
// a plain function, which is what keeps validation cheap on the ingest hot path.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { indicatorSchema, type Indicator } from './indicator.ts';
import { incidentSchema, type Incident } from './incident.ts';
import { zoneStateSchema, type ZoneState } from './zone-state.ts';
import { captureSchema, type CaptureRecord } from './capture.ts';

// ajv-formats is CommonJS; under ESM its callable may sit on .default.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  a: Ajv,
) => Ajv;

export const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
addFormats(ajv);

export type Validation<T> = { ok: true; value: T } | { ok: false; reason: string };

export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  if (!errors || errors.length === 0) return 'invalid';
  return errors
    .map((e) => {
      const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(root)';
      const extra =
        e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
      const prop =
        e.keyword === 'additionalProperties'
          ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"`
          : '';
      return `${where}: ${e.message}${prop}${extra}`;
    })
    .join('; ');
}

function validator<T>(schema: object): (value: unknown) => Validation<T> {
  const fn = ajv.compile(schema) as ValidateFunction<T>;
  return (value) => (fn(value) ? { ok: true, value: value as T } : { ok: false, reason: describeErrors(fn.errors) });
}

export const validateIndicator = validator<Indicator>(indicatorSchema);
export const validateIncident = validator<Incident>(incidentSchema);
export const validateZoneState = validator<ZoneState>(zoneStateSchema);
export const validateCaptureRecord = validator<CaptureRecord>(captureSchema);
