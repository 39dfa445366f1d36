// `portwatch simulate <scenario>`: a scenario's raw traffic, inside background noise, as a
// capture (NDJSON) — scenarioCapture from @portwatch/simulators, paced and written out.
// `portwatch simulate --day [--at <scenario>@<HH:MM> …]`: a whole day of background traffic
// with scenarios hidden at those local times (dayCapture).
import { createWriteStream } from 'node:fs';
import {
  SCENARIOS,
  DAY_START,
  DEFAULT_START,
  dayCapture,
  localTime,
  scenarioCapture,
  UnknownScenarioError,
  type HiddenScenario,
} from '@portwatch/simulators';
import { loadSiteBundle } from '@portwatch/system';
import { UsageError } from '../usage.ts';
import { parseArgs, speedOf } from './args.ts';

export async function simulate(argv: string[]): Promise<number> {
  // --at may be given many times; the flag parser keeps one value a flag.
  const ats: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--at') {
      if (argv[i + 1] === undefined) throw new UsageError('--at needs a value (<scenario>@<HH:MM>)');
      ats.push(argv[++i]);
    } else if (argv[i].startsWith('--at=')) ats.push(argv[i].slice(5));
    else rest.push(argv[i]);
  }
  const { flags, positionals } = parseArgs(rest, {
    values: ['site', 'seed', 'speed', 'out', 'start'],
    switches: ['list', 'no-background', 'day'],
  });
  const bundle = await loadSiteBundle(typeof flags.site === 'string' ? flags.site : 'valencia');
  if (flags.list) {
    for (const s of SCENARIOS.filter((x) => x.sites.includes(bundle.site.id))) process.stdout.write(s.id + '\n');
    return 0;
  }
  const seed = flags.seed === undefined ? 1 : Number(flags.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed: expected an integer, got "${flags.seed}"`);
  const speed = speedOf(flags.speed);
  if (!flags.day && ats.length) throw new UsageError('--at places a scenario in a day: use it with --day');
  let records: ReturnType<typeof dayCapture>;
  try {
    if (flags.day) {
      if (positionals.length) throw new UsageError('simulate --day: name scenarios with --at <scenario>@<HH:MM>');
      const day = typeof flags.start === 'string' ? Date.parse(flags.start) : DAY_START;
      if (Number.isNaN(day)) throw new UsageError(`--start: expected an ISO time, got "${flags.start}"`);
      records = dayCapture(
        bundle,
        seed,
        ats.map((a) => hiddenAt(a, bundle.site, day)),
        day,
      );
    } else {
      const id = positionals[0];
      if (!id) throw new UsageError('simulate: name a scenario (see simulate --list), or --day');
      const start = typeof flags.start === 'string' ? flags.start : DEFAULT_START;
      if (Number.isNaN(Date.parse(start))) throw new UsageError(`--start: expected an ISO time, got "${start}"`);
      records = scenarioCapture(bundle, id, seed, new Date(start).toISOString(), !flags['no-background']);
    }
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

/** `<scenario>@<HH:MM>` (the site's local time) → where in the day it is hidden. */
function hiddenAt(arg: string, site: { id: string; timezone: string }, dayStartMs: number): HiddenScenario {
  const m = /^([\w-]+)@(\d{1,2}:\d{2})$/.exec(arg);
  if (!m) throw new UsageError(`--at: expected <scenario>@<HH:MM>, got "${arg}"`);
  const scenario = SCENARIOS.find((s) => s.id === m[1]);
  if (!scenario) throw new UnknownScenarioError(m[1]);
  if (!scenario.sites.includes(site.id))
    throw new UsageError(`--at: scenario "${m[1]}" is written for ${scenario.sites.join(', ')}, not "${site.id}"`);
  try {
    return { scenario: m[1], atMs: localTime(m[2], dayStartMs, site.timezone) };
  } catch (err) {
    throw new UsageError(`--at ${arg}: ${(err as Error).message}`);
  }
}
