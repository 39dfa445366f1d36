// The vendored official schemas (schema/standards/, sources in its README) as validators for
// the export tests: xmllint for the CAP XSD, Ajv for the STIX 2.1 and IDMEFv2 JSON schemas.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

export const STANDARDS_DIR = fileURLToPath(new URL('../../../schema/standards/', import.meta.url));

/** Validates CAP XML with xmllint against the CAP 1.2 XSD; returns xmllint's complaints, or "". */
export function xmllintCap(xml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pw-cap-'));
  const file = join(dir, 'alert.cap.xml');
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--schema', join(STANDARDS_DIR, 'cap-1.2', 'CAP-v1.2.xsd'), file], {
      stdio: 'pipe',
    });
    return '';
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: Buffer };
    // A missing validator must fail the test, never skip it: the CAP check is the point.
    if (e.code === 'ENOENT') throw new Error('xmllint is not installed (Debian: apt-get install libxml2-utils)');
    return e.stderr?.toString() || String(error);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type AjvLike = InstanceType<typeof Ajv2020>;
let stixAjv: AjvLike | undefined;

/** The validator of one STIX type (sdos/, sros/, observables/), its $refs resolved to the vendored common schemas. */
export function stixValidator(type: string): ValidateFunction {
  if (!stixAjv) {
    // STIX's own schemas leave "id" patterns untyped and use formats like idn-hostname that
    // ajv-formats does not check; strict mode would refuse the published files as they are. Their
    // patterns escape "-" outside classes ("\\-?"), which a unicode-mode RegExp rejects.
    stixAjv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(stixAjv);
    stixAjv.addFormat('idn-hostname', true);
    for (const dir of ['common', 'sdos', 'sros', 'observables']) {
      for (const name of readdirSync(join(STANDARDS_DIR, 'stix-2.1', dir))) {
        stixAjv.addSchema(JSON.parse(readFileSync(join(STANDARDS_DIR, 'stix-2.1', dir, name), 'utf8')));
      }
    }
  }
  for (const dir of ['sdos', 'sros', 'observables']) {
    const v = stixAjv.getSchema(
      `http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/${dir}/${type}.json`,
    );
    if (v) return v;
  }
  // Custom observable types have no schema of their own: the common SCO rules apply to them.
  return stixAjv.getSchema(
    'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/common/cyber-observable-core.json',
  )!;
}

let idmef: ValidateFunction | undefined;

/** The IDMEFv2 2.D.V06 schema (JSON Schema draft-04). */
export function idmefValidator(): ValidateFunction {
  if (!idmef) {
    const ajv = new AjvDraft04({ strict: false, allErrors: true });
    addFormats(ajv);
    idmef = ajv.compile(JSON.parse(readFileSync(join(STANDARDS_DIR, 'idmefv2-2.D.V06', 'IDMEFv2.schema'), 'utf8')));
  }
  return idmef;
}
