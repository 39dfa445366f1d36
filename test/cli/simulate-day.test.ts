// `portwatch simulate --day` as a user runs it: a day's capture with a scenario hidden at a
// local time, replayed into that scenario's incidents at that time; bad --at values refused.
import { describe, it, expect } from 'vitest';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portwatch } from './run-portwatch.ts';

const SITE = 'dashboards/zagreb-airport';

describe('simulate --day', () => {
  it('writes 24 hours of traffic with the runway drone at 14:10 Zagreb time, found there', async () => {
    const capture = join(await mkdtemp(join(tmpdir(), 'portwatch-day-')), 'day.ndjson');
    const sim = await portwatch([
      'simulate',
      '--day',
      '--site',
      SITE,
      '--seed',
      '5',
      '--at',
      'runway-drone@14:10',
      '--out',
      capture,
    ]);
    expect(sim.code).toBe(0);
    const lines = (await readFile(capture, 'utf8')).trim().split('\n');
    const times = lines.map((l) => Date.parse(JSON.parse(l).t));
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(23 * 3_600_000);
    const r = await portwatch(['replay', '--site', SITE, '--capture', capture, '--speed', 'max']);
    expect(r.code).toBe(0);
    const drone = r.out.find((i) => i.ruleId === 'drone-near-runway');
    // 14:10 in Zagreb in January is 13:10 UTC.
    expect(drone?.firstSeen).toMatch(/^2026-01-15T13:1\d/);
    expect(r.out.filter((i) => i.severity >= 4).map((i) => i.ruleId)).toEqual(['drone-near-runway']);
  });

  it('refuses an --at that is no time, or a scenario of another site', async () => {
    const bad = await portwatch(['simulate', '--day', '--site', SITE, '--at', 'runway-drone@25:00']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/HH:MM/);
    const other = await portwatch(['simulate', '--day', '--site', SITE, '--at', 'notpetya-cascade@02:00']);
    expect(other.code).not.toBe(0);
    expect(other.stderr).toMatch(/written for valencia/);
  });
});
