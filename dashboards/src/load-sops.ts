// Reads a site's sops.yaml — the standard operating procedures its rules name — and checks
// that every rule's `sop:` names one of them. Problems are thrown as one SiteConfigError,
// each naming the file and the key (sops.yaml: drone-incursion.steps[2]) or the rule file
// and the rule (rules/maritime.yaml: rule drone-over-restricted-area: sop).
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parseDocument } from 'yaml';
import { describeSchemaError } from './describe-schema-error.ts';
import { SiteConfigError, type SiteIssue } from './site-config-error.ts';

export const SOPS_FILE = 'sops.yaml';

/** One procedure: a title and the steps an operator ticks off, in order. */
export interface Sop {
  id: string;
  title: string;
  steps: string[];
}

/** What the check needs of a rule (ingest's Rule has these fields). */
export interface SopReference {
  id: string;
  /** The rule's file, absolute or relative to the site folder. */
  file: string;
  sop?: string;
}

const SOP_ID_PATTERN = '^[a-z0-9][a-z0-9-]*$';

export const sopsSchema = {
  type: 'object',
  propertyNames: { pattern: SOP_ID_PATTERN },
  additionalProperties: {
    type: 'object',
    required: ['title', 'steps'],
    additionalProperties: false,
    properties: {
      title: { type: 'string', minLength: 1, maxLength: 120 },
      steps: { type: 'array', minItems: 1, maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 300 } },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true, strict: true, verbose: true }).compile<
  Record<string, { title: string; steps: string[] }>
>(sopsSchema);

/**
 * The site's SOPs by id. A missing sops.yaml is an empty book (a site whose rules name no
 * SOP needs none); a rule naming an SOP the book lacks is a problem of that rule.
 */
export async function loadSops(dir: string, rules: readonly SopReference[] = []): Promise<Map<string, Sop>> {
  const root = resolve(dir);
  const issues: SiteIssue[] = [];
  const book = await readBook(root, issues);
  if (book) {
    for (const r of rules) {
      if (r.sop === undefined || book.has(r.sop)) continue;
      const known = book.size
        ? `one of ${[...book.keys()].join(', ')}`
        : `an SOP declared in ${SOPS_FILE}; the site declares none`;
      issues.push({
        file: relative(root, resolve(root, r.file)),
        path: `rule ${r.id}: sop`,
        message: `unknown SOP "${r.sop}" (expected ${known})`,
      });
    }
  }
  if (issues.length) throw new SiteConfigError(root, issues);
  return book!;
}

async function readBook(root: string, issues: SiteIssue[]): Promise<Map<string, Sop> | null> {
  let text: string;
  try {
    text = await readFile(join(root, SOPS_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    issues.push({ file: SOPS_FILE, path: '', message: `cannot be read: ${(err as Error).message}` });
    return null;
  }
  const doc = parseDocument(text);
  if (doc.errors.length) {
    for (const err of doc.errors) {
      const at = err.linePos?.[0];
      issues.push({
        file: SOPS_FILE,
        path: '',
        message: `not valid YAML: ${at ? `line ${at.line}, column ${at.col}: ` : ''}${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
      });
    }
    return null;
  }
  const data = doc.toJS() ?? {};
  if (!validate(data)) {
    for (const e of validate.errors ?? []) {
      if (e.keyword === 'propertyNames') continue; // the pattern error below names the key
      if (e.keyword === 'pattern' && e.propertyName !== undefined) {
        issues.push({
          file: SOPS_FILE,
          path: e.propertyName,
          message: `"${e.propertyName}" is not allowed as an SOP id (expected a kebab-case id like "drone-incursion")`,
        });
        continue;
      }
      const described = describeSchemaError(e);
      // SOP ids are kebab-case: "vessel-dark".steps reads better as vessel-dark.steps.
      if (described)
        issues.push({
          file: SOPS_FILE,
          path: described.path.replace(/^"([a-z0-9][a-z0-9-]*)"/, '$1'),
          message: described.message,
        });
    }
    return null;
  }
  return new Map(Object.entries(data).map(([id, s]) => [id, { id, title: s.title, steps: s.steps }]));
}
