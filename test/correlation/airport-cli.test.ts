// The airport as a user reaches it from the command line: its scenarios listed, its rules
// valid, and the baggage-handling extortion simulated and replayed into its incidents.
import { describe, it, expect } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portwatch } from '../cli/run-portwatch.ts';

const SITE = 'dashboards/zagreb-airport';

describe('the airport from the command line', () => {
  it('simulate --list lists the airport’s scenarios, and no port scenario', async () => {
    const r = await portwatch(['simulate', '--list', '--site', SITE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('baggage-extortion\nrunway-drone\n');
  });

  it('rules check passes', async () => {
    const r = await portwatch(['rules', 'check', '--site', SITE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ok {2}drone-near-runway/);
    expect(r.stdout).toMatch(/13 rule\(s\) valid/);
  });

  it('simulate then replay gives the baggage-handling extortion’s incidents, with their ATT&CK tags', async () => {
    const capture = join(await mkdtemp(join(tmpdir(), 'portwatch-airport-')), 'baggage.ndjson');
    const sim = await portwatch(['simulate', 'baggage-extortion', '--site', SITE, '--seed', '3', '--out', capture]);
    expect(sim.code).toBe(0);
    const r = await portwatch(['replay', '--site', SITE, '--capture', capture, '--speed', 'max']);
    expect(r.code).toBe(0);
    const found = r.out.map((i) => `${i.ruleId}@${i.zoneId}`).sort();
    expect([...new Set(found)]).toEqual([
      'cyber-physical-cascade@baggage-hall',
      'dos-against-ot@baggage-hall',
      'hybrid-zone-activity@baggage-hall',
      'ransomware-detected@baggage-hall',
      'ransomware-detected@data-centre',
      'smb-worm-spread@baggage-hall',
    ]);
    const dos = r.out.find((i) => i.ruleId === 'dos-against-ot')!;
    expect(dos.tags).toEqual(['attack.inhibit-response-function', 'attack.t0814', 'attack.t1498']);
  });
});
