// Reads rules/*.yaml of a site. Wrong rules never start silently: every problem names the
// file, the rule and the key.
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Severity } from '@portwatch/schema';
import { parseDuration } from './duration.ts';
import { ABSENCE_DIRECTIONS, CORRELATION_TYPES, type Detection, type Rule } from './rule.ts';

export class RuleConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid rules:\n  ${problems.join('\n  ')}`);
    this.name = 'RuleConfigError';
  }
}

// A misspelt key (`supress`, `groupby`) would otherwise be ignored and the rule run with defaults.
const RULE_KEYS = [
  'id',
  'title',
  'description',
  'severity',
  'sop',
  'detections',
  'correlation',
  'suppress',
  'rearm',
  'lateness',
  'enabled',
  'tags',
  'references',
  'author',
  'status',
];
const CORRELATION_KEYS = [
  'type',
  'rules',
  'group-by',
  'timespan',
  'gte',
  'field',
  'direction',
  'across-zones',
  'through-assets',
];

// A misspelt field (`severty`) would make a detection that never matches.
const INDICATOR_FIELDS = [
  'id',
  'time',
  'ingestTime',
  'mode',
  'siteId',
  'zoneId',
  'zoneReason',
  'domain',
  'type',
  'title',
  'severity',
  'confidence',
  'location',
  'source',
  'observables',
  'assetId',
  'correlationKey',
  'tags',
  'raw',
];
const OBSERVABLE_TYPES = ['ip', 'hostname', 'user', 'badge', 'mmsi', 'imo', 'uas_id', 'track_id', 'mac', 'asset'];

function fieldProblem(path: string): string | null {
  const [head, ...rest] = path.split('.');
  if (!INDICATOR_FIELDS.includes(head)) return `"${path}" is not an indicator field (${INDICATOR_FIELDS.join(', ')})`;
  if (head === 'observables' && (rest.length !== 1 || !OBSERVABLE_TYPES.includes(rest[0])))
    return `"${path}": expected observables.<${OBSERVABLE_TYPES.join('|')}>`;
  return null;
}

const SEVERITY_WORDS: Record<string, Severity> = { informational: 1, low: 2, medium: 3, high: 4, critical: 5 };

function severityOf(v: unknown): Severity | null {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 5) return v as Severity;
  if (typeof v === 'string' && Object.hasOwn(SEVERITY_WORDS, v)) return SEVERITY_WORDS[v];
  return null;
}

export function parseRule(doc: unknown, file: string, problems: string[]): Rule | null {
  const before = problems.length;
  const d = (doc ?? {}) as Record<string, unknown>;
  const id = typeof d.id === 'string' && /^[a-z0-9][a-z0-9-]*$/.test(d.id) ? d.id : null;
  const where = (key: string) => `${file}: rule ${id ?? '(no id)'}: ${key}`;
  if (!id) problems.push(where('id: expected a kebab-case string'));
  if (typeof d.title !== 'string' || !d.title) problems.push(where('title: expected a non-empty string'));
  const severity = severityOf(d.severity);
  if (severity === null) problems.push(where('severity: expected 0–5 or informational|low|medium|high|critical'));
  const detections = d.detections as Record<string, Detection> | undefined;
  if (
    !detections ||
    typeof detections !== 'object' ||
    Array.isArray(detections) ||
    Object.keys(detections).length === 0
  ) {
    problems.push(where('detections: expected a map of named detections'));
  } else {
    for (const [name, conditions] of Object.entries(detections)) {
      if (
        !conditions ||
        typeof conditions !== 'object' ||
        Array.isArray(conditions) ||
        Object.keys(conditions).length === 0
      ) {
        problems.push(where(`detections.${name}: expected a map of field conditions`));
        continue;
      }
      for (const path of Object.keys(conditions)) {
        const bad = fieldProblem(path);
        if (bad) problems.push(where(`detections.${name}.${path}: ${bad}`));
      }
    }
  }
  const c = (d.correlation ?? {}) as Record<string, unknown>;
  const type = c.type as Rule['correlation']['type'];
  if (!CORRELATION_TYPES.includes(type))
    problems.push(where(`correlation.type: expected one of ${CORRELATION_TYPES.join(', ')}`));
  const rules = Array.isArray(c.rules) ? (c.rules as unknown[]).map(String) : [];
  if (rules.length === 0) problems.push(where('correlation.rules: expected a list of detection names'));
  for (const r of rules)
    if (detections && !(r in detections))
      problems.push(
        where(`correlation.rules: "${r}" is not one of the detections (${Object.keys(detections).join(', ')})`),
      );
  const timespanMs = typeof c.timespan === 'string' ? parseDuration(c.timespan) : null;
  if (!timespanMs) problems.push(where('correlation.timespan: expected a duration like 90s, 10m, 2h'));
  const groupBy =
    c['group-by'] === undefined ? [] : Array.isArray(c['group-by']) ? (c['group-by'] as unknown[]).map(String) : null;
  if (groupBy === null) problems.push(where('correlation.group-by: expected a list of field paths'));
  for (const path of groupBy ?? []) {
    const bad = fieldProblem(path);
    if (bad) problems.push(where(`correlation.group-by: ${bad}`));
  }
  if (typeof c.field === 'string' && fieldProblem(c.field))
    problems.push(where(`correlation.field: ${fieldProblem(c.field)}`));
  if ((type === 'event_count' || type === 'value_count') && !(typeof c.gte === 'number' && c.gte >= 1))
    problems.push(where('correlation.gte: expected a number ≥ 1'));
  if (type === 'value_count' && typeof c.field !== 'string')
    problems.push(where('correlation.field: expected the field whose distinct values are counted'));
  if (type === 'absence' && rules.length !== 2)
    problems.push(
      where('correlation.rules: absence takes exactly two detections: [A, B] — A not followed (or preceded) by B'),
    );
  if (c.direction !== undefined && (type !== 'absence' || !ABSENCE_DIRECTIONS.includes(c.direction as never))) {
    problems.push(
      where(`correlation.direction: expected ${ABSENCE_DIRECTIONS.join(' or ')}, and only with type absence`),
    );
  }
  for (const flag of ['across-zones', 'through-assets'])
    if (c[flag] !== undefined && typeof c[flag] !== 'boolean')
      problems.push(where(`correlation.${flag}: expected true or false`));
  for (const key of Object.keys(c))
    if (!CORRELATION_KEYS.includes(key))
      problems.push(where(`correlation.${key}: unknown key (expected one of ${CORRELATION_KEYS.join(', ')})`));
  for (const key of Object.keys(d))
    if (!RULE_KEYS.includes(key)) problems.push(where(`${key}: unknown key (expected one of ${RULE_KEYS.join(', ')})`));
  const suppressMs = optionalDuration(d.suppress, (timespanMs ?? 0) * 3, where('suppress'), problems);
  const rearmMs = optionalDuration(d.rearm, timespanMs ?? 0, where('rearm'), problems);
  const latenessMs = optionalDuration(d.lateness, undefined, where('lateness'), problems);
  if (d.enabled !== undefined && typeof d.enabled !== 'boolean')
    problems.push(where('enabled: expected true or false'));
  const tags = tagsOf(d.tags, where('tags'), problems);
  if (problems.length > before) return null;
  return {
    id: id!,
    title: d.title as string,
    description: typeof d.description === 'string' ? d.description : undefined,
    severity: severity!,
    sop: typeof d.sop === 'string' ? d.sop : undefined,
    ...(tags.length ? { tags } : {}),
    file,
    detections: detections!,
    correlation: {
      type,
      rules,
      groupBy: (groupBy ?? []).filter((g) => g !== 'zoneId'),
      timespanMs: timespanMs!,
      gte: c.gte as number | undefined,
      field: c.field as string | undefined,
      direction: type === 'absence' ? ((c.direction as Rule['correlation']['direction']) ?? 'followed') : undefined,
      acrossZones: c['across-zones'] === true,
      throughAssets: c['through-assets'] === true,
    },
    suppressMs: suppressMs!,
    rearmMs: rearmMs!,
    latenessMs,
    enabled: d.enabled !== false,
  };
}

// Sigma's tag form, namespace.value: `attack.t0855`, `attack.t1110.003`, `attack.lateral-movement`.
const TAG = /^[a-z][a-z0-9_-]*\.[a-z0-9_.-]+$/;

/** Tags may be left out; each one must be namespace.value in lower case (what Sigma rules use). */
function tagsOf(v: unknown, where: string, problems: string[]): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    problems.push(`${where}: expected a list like [attack.t0855, attack.t1110.003]`);
    return [];
  }
  const bad = v.filter((t) => typeof t !== 'string' || !TAG.test(t));
  if (bad.length)
    problems.push(
      `${where}: ${bad.map((t) => JSON.stringify(t)).join(', ')}: expected namespace.value in lower case (attack.t0855)`,
    );
  return [...new Set(v.filter((t): t is string => typeof t === 'string' && TAG.test(t)))];
}

/** A duration key that may be left out (then `fallback`); "0s" is allowed. */
function optionalDuration<T extends number | undefined>(
  v: unknown,
  fallback: T,
  where: string,
  problems: string[],
): number | T {
  if (v === undefined) return fallback;
  const ms = typeof v === 'string' ? parseDuration(v) : null;
  if (ms === null) {
    problems.push(`${where}: expected a duration like 30m`);
    return fallback;
  }
  return ms;
}

export function parseRules(text: string, file: string, problems: string[]): Rule[] {
  const out: Rule[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) {
      problems.push(`${file}: not valid YAML: ${doc.errors[0].message}`);
      continue;
    }
    const rule = parseRule(doc.toJS(), file, problems);
    if (rule) out.push(rule);
  }
  return out;
}

export async function loadRules(siteDir: string): Promise<Rule[]> {
  const dir = join(siteDir, 'rules');
  if (!existsSync(dir)) return [];
  const problems: string[] = [];
  const rules: Rule[] = [];
  for (const name of (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    rules.push(...parseRules(await readFile(join(dir, name), 'utf8'), join(dir, name), problems));
  }
  const ids = new Set<string>();
  for (const r of rules) {
    if (ids.has(r.id)) problems.push(`${r.file}: rule ${r.id}: id: duplicate rule id`);
    ids.add(r.id);
  }
  if (problems.length) throw new RuleConfigError(problems);
  return rules;
}
