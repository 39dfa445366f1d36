// `portwatch simulate <scenario>`: a scenario's raw traffic, inside background noise, as a
// capture (NDJSON). The same seed and start give the same capture, byte for byte.
import { createWriteStream } from 'node:fs';
import { SCENARIOS, findScenario, buildScenario, BackgroundTraffic, Rng } from '@portwatch/simulators';
import { loadSiteBundle } from '@portwatch/api/system/load-site-bundle';
import type { CaptureRecord } from '@portwatch/schema';
import { UsageError } from '../cli.ts';
import { parseArgs, speedOf } from './args.ts';

export const DEFAULT_START = '2026-01-15T09:00:00.000Z';
const PAD_MS = 2 * 60_000;

export function scenarioCapture(
  siteBundle: Awaited<ReturnType<typeof loadSiteBundle>>,
  scenarioId: string,
  seed: number,
  startIso: string,
  background = true,
): CaptureRecord[] {
  const s = findScenario(scenarioId);
  if (!s)
    throw new UsageError(
      `simulate: unknown scenario "${scenarioId}" (known: ${SCENARIOS.map((x) => x.id).join(', ')})`,
    );
  const rng = new Rng(seed);
  const start = Date.parse(startIso);
  const records = buildScenario(s, siteBundle.site, siteBundle.feeds, rng, start + PAD_MS);
  if (background) {
    const bg = new BackgroundTraffic(siteBundle.site, siteBundle.feeds, new Rng(seed ^ 0x5bd1e995));
    records.push(...bg.slice(start, start + PAD_MS * 2 + s.durationMs));
  }
  return records.sort((a, b) => a.t.localeCompare(b.t));
}

export async function simulate(argv: string[]): Promise<number> {
  const { flags, positionals } = parseArgs(argv, {
    values: ['site', 'seed', 'speed', 'out', 'start'],
    switches: ['list', 'no-background'],
  });
  const bundle = await loadSiteBundle(typeof flags.site === 'string' ? flags.site : 'valencia');
  if (flags.list) {
    for (const s of SCENARIOS.filter((x) => x.sites.includes(bundle.site.id))) process.stdout.write(s.id + '\n');
    return 0;
  }
  const id = positionals[0];
  if (!id) throw new UsageError('simulate: name a scenario (see simulate --list)');
  const seed = flags.seed === undefined ? 1 : Number(flags.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed: expected an integer, got "${flags.seed}"`);
  const start = typeof flags.start === 'string' ? flags.start : DEFAULT_START;
  if (Number.isNaN(Date.parse(start))) throw new UsageError(`--start: expected an ISO time, got "${start}"`);
  const speed = speedOf(flags.speed);
  const records = scenarioCapture(bundle, id, seed, new Date(start).toISOString(), !flags['no-background']);
  const out: NodeJS.WritableStream =
    typeof flags.out === 'string' && flags.out !== '-' ? createWriteStream(flags.out) : process.stdout;
  let prev = records.length ? Date.parse(records[0].t) : 0;
  for (const r of records) {
    const t = Date.parse(r.t);
    if (Number.isFinite(speed) && t > prev) await new Promise((res) => setTimeout(res, (t - prev) / speed));
    prev = t;
    if (!out.write(JSON.stringify(r) + '\n')) await new Promise<void>((res) => out.once('drain', () => res()));
  }
  if (out !== process.stdout) {
    await new Promise<void>((res) => (out as ReturnType<typeof createWriteStream>).end(res));
    process.stderr.write(`wrote ${records.length} records to ${flags.out}\n`);
  }
  return 0;
}
