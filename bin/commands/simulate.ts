// `portwatch simulate <scenario>`: a scenario's raw traffic, inside background noise, as a
// capture (NDJSON) — scenarioCapture from @portwatch/simulators, paced and written out.
import { createWriteStream } from 'node:fs';
import { SCENARIOS, DEFAULT_START, scenarioCapture, UnknownScenarioError } from '@portwatch/simulators';
import { loadSiteBundle } from '@portwatch/system';
import { UsageError } from '../usage.ts';
import { parseArgs, speedOf } from './args.ts';

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
  let records;
  try {
    records = scenarioCapture(bundle, id, seed, new Date(start).toISOString(), !flags['no-background']);
  } catch (err) {
    if (err instanceof UnknownScenarioError) throw new UsageError(`simulate: ${err.message}`);
    throw err;
  }
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
