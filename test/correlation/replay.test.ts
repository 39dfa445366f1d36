// The same capture at any speed gives the same incidents, ids included: time is the capture's
// event time, the speed only paces the reading. And `rules check` on good and broken folders.
import { describe, it, expect } from 'vitest';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSiteBundle, replayCapture } from '@portwatch/system';
import { scenarioCapture } from '@portwatch/simulators';
import { portwatch } from '../cli/run-portwatch.ts';

describe('replay at any speed', () => {
  it('raises the same incidents at --speed max and at a finite speed', async () => {
    const bundle = await loadSiteBundle('valencia');
    const lines = scenarioCapture(bundle, 'drone-cctv-attack', 3, '2026-01-15T09:00:00.000Z').map((r) =>
      JSON.stringify(r),
    );
    const fast = await replayCapture(lines, bundle, { speed: Infinity, updates: true });
    // 16 minutes of capture at 4000×: a quarter of a second of real waiting.
    const slept: number[] = [];
    const sleep = (ms: number) => (slept.push(ms), new Promise<void>((r) => setTimeout(r, ms)));
    const paced = await replayCapture(lines, bundle, { speed: 4000, updates: true, sleep });
    expect(slept.length).toBeGreaterThan(10);
    expect(paced.incidents.map((i) => i.id)).toEqual(fast.incidents.map((i) => i.id));
    expect(paced.incidents).toEqual(fast.incidents);
    expect(new Set(fast.incidents.map((i) => `${i.ruleId}@${i.zoneId}`))).toEqual(
      new Set(['cyber-physical-cascade@csp-terminal', 'drone-over-restricted-area@csp-terminal']),
    );
  });

  it('reports unreadable capture lines by line number and goes on', async () => {
    const bundle = await loadSiteBundle('valencia');
    const rejects: [number, string][] = [];
    const r = await replayCapture(['not json', '{"t": "x"}', ''], bundle, {
      speed: Infinity,
      onReject: (line, reason) => rejects.push([line, reason]),
    });
    expect(r.records).toBe(0);
    expect(rejects.map(([l]) => l)).toEqual([1, 2]);
  });
});

// The real command, as a user runs it.
async function check(site: string): Promise<{ code: number | null; out: string; err: string }> {
  const r = await portwatch(['rules', 'check', '--site', site]);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

describe('portwatch rules check', () => {
  it.each(['dashboards/valencia', 'dashboards/piraeus', 'dashboards/zagreb-airport'])('passes on %s', async (site) => {
    const r = await check(site);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/13 rule\(s\) valid/);
  });

  it('fails on a broken rules folder, naming file, rule and key of each problem', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'portwatch-rules-'));
    await mkdir(join(dir, 'rules'));
    await writeFile(
      join(dir, 'rules', 'broken.yaml'),
      [
        'id: door-left-open',
        'title: Door left open',
        'severity: high',
        'detections:',
        '  opened: { type: access.door_opened, severty: { gte: 3 } }',
        'correlation:',
        '  type: absence',
        '  rules: [opened]',
        '  timespan: soon',
        'supress: 10m',
        '---',
        'id: Not-Kebab',
        'title: x',
        'severity: 9',
        'detections: { a: { domain: cyber } }',
        'correlation: { type: sometimes, rules: [a], timespan: 1m }',
      ].join('\n'),
    );
    const r = await check(dir);
    expect(r.code).toBe(1);
    const file = join(dir, 'rules', 'broken.yaml');
    for (const p of [
      `${file}: rule door-left-open: detections.opened.severty:`,
      `${file}: rule door-left-open: correlation.rules: absence takes exactly two detections`,
      `${file}: rule door-left-open: correlation.timespan: expected a duration`,
      `${file}: rule door-left-open: supress: unknown key`,
      `${file}: rule (no id): id: expected a kebab-case string`,
      `${file}: rule (no id): severity: expected 0–5`,
      `${file}: rule (no id): correlation.type: expected one of`,
    ])
      expect(r.err).toContain(p);
  });

  it('fails on a rule naming an SOP the site does not declare', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'portwatch-rules-'));
    await mkdir(join(dir, 'rules'));
    await writeFile(
      join(dir, 'sops.yaml'),
      'drone-incursion:\n  title: Drone\n  steps: [Find it on camera, Call the port police, Log the operator id]\n',
    );
    await writeFile(
      join(dir, 'rules', 'drones.yaml'),
      [
        'id: drone-seen',
        'title: Drone',
        'severity: high',
        'sop: drone-incrusion',
        'detections: { d: { type: drone.detected } }',
        'correlation: { type: event_count, rules: [d], gte: 1, timespan: 10m }',
      ].join('\n'),
    );
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `${join(dir, 'rules', 'drones.yaml')}: rule drone-seen: sop: unknown SOP "drone-incrusion" (expected one of drone-incursion)`,
    );
  });
});
