// Reads a site folder, validates every file against its JSON Schema, then cross-checks the
// files against each other. All problems are collected and thrown as one SiteConfigError.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import {
  assetsSchema,
  sensorsSchema,
  siteConfigSchema,
  zonesSchema,
  type Asset,
  type FeatureCollection,
  type SensorFeature,
  type Site,
  type SiteConfig,
  type ZoneFeature,
} from '@portwatch/schema';
import { checkSite } from './check-site.ts';
import { describeSchemaError } from './describe-schema-error.ts';
import { SiteConfigError, type SiteIssue } from './site-config-error.ts';

export const SITE_FILES = {
  config: 'site.yaml',
  zones: 'zones.geojson',
  sensors: 'sensors.geojson',
  assets: 'assets.yaml',
} as const;

// verbose: errors carry the offending value and the schema, so messages can say what was
// expected; useDefaults fills optional keys (tileUrl, empty ips/controls/dependsOn).
const ajv = new Ajv({ allErrors: true, strict: true, useDefaults: true, allowUnionTypes: true, verbose: true });
const validators = {
  config: ajv.compile<SiteConfig>(siteConfigSchema),
  zones: ajv.compile<FeatureCollection<ZoneFeature>>(zonesSchema),
  sensors: ajv.compile<FeatureCollection<SensorFeature>>(sensorsSchema),
  assets: ajv.compile<{ assets: Asset[] }>(assetsSchema),
};

export async function loadSite(dir: string): Promise<Site> {
  const root = resolve(dir);
  // One list per file, joined in file order: the reads finish in any order.
  const found: SiteIssue[][] = [[], [], [], []];
  const [config, zones, sensors, assets] = await Promise.all([
    readPart(root, SITE_FILES.config, validators.config, null, found[0]),
    readPart(root, SITE_FILES.zones, validators.zones, 'features', found[1]),
    readPart(root, SITE_FILES.sensors, validators.sensors, 'features', found[2]),
    readPart(root, SITE_FILES.assets, validators.assets, 'assets', found[3]),
  ]);
  const issues = found.flat();
  issues.push(
    ...checkSite({
      config: config?.data,
      zones: zones && { items: zones.data.features, broken: zones.broken },
      sensors: sensors && { items: sensors.data.features, broken: sensors.broken },
      assets: assets && { items: assets.data.assets, broken: assets.broken },
    }),
  );
  if (issues.length > 0 || !config || !zones || !sensors || !assets) throw new SiteConfigError(root, issues);
  return { ...config.data, dir: root, zones: zones.data, sensors: sensors.data, assets: assets.data.assets };
}

interface Part<T> {
  data: T;
  /** Indexes of list items that failed the schema; the rest can still be cross-checked. */
  broken: Set<number>;
}

/**
 * Parsed content, or undefined after recording why it is unusable. When every schema error
 * sits inside items of the file's list (`features`, `assets`), the file stays usable with those
 * items marked broken, so that the other items are still cross-checked in the same run.
 */
async function readPart<T>(
  dir: string,
  file: string,
  validate: ValidateFunction<T>,
  listKey: string | null,
  issues: SiteIssue[],
): Promise<Part<T> | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, file), 'utf8');
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    issues.push({ file, path: '', message: missing ? 'file missing' : `cannot be read: ${(err as Error).message}` });
    return undefined;
  }
  const data = file.endsWith('.yaml') ? parseYaml(file, text, issues) : parseJson(file, text, issues);
  if (data === undefined) return undefined;
  if (validate(data)) return { data, broken: new Set() };
  const errors = validate.errors ?? [];
  issues.push(...schemaIssues(file, errors));
  if (!listKey) return undefined;
  const itemPath = new RegExp(`^/${listKey}/(\\d+)(/|$)`);
  const broken = new Set<number>();
  for (const error of errors) {
    const match = itemPath.exec(error.instancePath);
    if (!match) return undefined;
    broken.add(Number(match[1]));
  }
  return { data: data as T, broken };
}

function parseYaml(file: string, text: string, issues: SiteIssue[]): unknown {
  const doc = parseDocument(text);
  if (doc.errors.length === 0) return doc.toJS() ?? {};
  for (const err of doc.errors) {
    const at = err.linePos?.[0];
    const where = at ? `line ${at.line}, column ${at.col}: ` : '';
    // yaml appends its own "at line …:" and a source excerpt; the position is given up front instead.
    const reason = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    issues.push({ file, path: '', message: `not valid YAML: ${where}${reason}` });
  }
  return undefined;
}

function parseJson(file: string, text: string, issues: SiteIssue[]): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    // Node 20 reports a character offset only; turn it into a line an editor can jump to.
    const offset = /at position (\d+)/.exec(message);
    const line =
      offset && !/line \d+/.test(message) ? ` (line ${text.slice(0, Number(offset[1])).split('\n').length})` : '';
    issues.push({ file, path: '', message: `not valid JSON: ${message}${line}` });
    return undefined;
  }
}

function schemaIssues(file: string, errors: ErrorObject[] | null | undefined): SiteIssue[] {
  const issues: SiteIssue[] = [];
  for (const error of errors ?? []) {
    const described = describeSchemaError(error);
    if (described) issues.push({ file, ...described });
  }
  return issues;
}
