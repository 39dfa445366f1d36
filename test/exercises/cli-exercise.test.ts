// The analyst's command line: `portwatch exercise run` against a running instance prints the
// MSEL's outcome (exit 0 when all expected incidents were found), and `portwatch replay
// --export` writes every incident of a capture in each standard format.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintTestToken } from '@portwatch/api/testing';
import { startTestSystem, type TestSystem } from '../support/system.ts';
import { portwatch } from '../cli/run-portwatch.ts';

let t: TestSystem;
beforeAll(async () => {
  t = await startTestSystem();
});
afterAll(async () => t?.stop());

describe('portwatch exercise run', () => {
  it('runs a hybrid scenario on a running instance and prints every expected incident found', async () => {
    process.env.PORTWATCH_URL = t.base;
    process.env.PORTWATCH_TOKEN = mintTestToken(t.system.tokensFile, 'analyst', 'cli-drill');
    try {
      const run = await portwatch(['exercise', 'run', 'gate-hybrid-intrusion', '--speed', 'max']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/exercise ex-\S+ started/);
      expect(run.stdout).toMatch(/finished; \d+\/\d+ records; 3\/3 expected incidents found/);
      expect(run.stdout).toMatch(/found +perimeter-breach +gate-north +detected \d/);
      const bad = await portwatch(['exercise', 'run', 'no-such-scenario']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/HTTP 404: unknown scenario "no-such-scenario"/);
    } finally {
      delete process.env.PORTWATCH_URL;
      delete process.env.PORTWATCH_TOKEN;
    }
  });
});

describe('portwatch replay --export', () => {
  it('writes each incident as CAP, STIX, IDMEFv2 and a timeline; a replay is no Actual alert', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portwatch-export-'));
    try {
      const capture = join(dir, 'gate.ndjson');
      const sim = await portwatch(['simulate', 'gate-hybrid-intrusion', '--site', 'valencia', '--out', capture]);
      expect(sim.code, sim.stderr).toBe(0);
      const out = join(dir, 'out');
      const run = await portwatch([
        'replay',
        '--site',
        'valencia',
        '--capture',
        capture,
        '--speed',
        'max',
        '--export',
        out,
      ]);
      expect(run.code, run.stderr).toBe(0);
      const ids = run.out.map((i) => String(i.id));
      expect(ids.length).toBeGreaterThanOrEqual(3);
      const files = readdirSync(out).sort();
      for (const id of ids)
        for (const suffix of ['cap.xml', 'stix.json', 'idmef.json', 'timeline.json'])
          expect(files).toContain(`${id.replace(/[^A-Za-z0-9._-]/g, '_')}.${suffix}`);
      const cap = readFileSync(
        join(
          out,
          files.find((f) => f.endsWith('.cap.xml'))!,
        ),
        'utf8',
      );
      expect(cap).toMatch(/<status>(Exercise|Test)<\/status>/);
      const timeline = JSON.parse(
        readFileSync(
          join(
            out,
            files.find((f) => f.endsWith('.timeline.json'))!,
          ),
          'utf8',
        ),
      );
      expect(JSON.stringify(timeline)).toMatch(/"time"/);
      writeFileSync(join(dir, 'done'), '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
