// `portwatch replay --site <dir> --capture <file>`: a capture through the whole pipeline
// (replayCapture, @portwatch/system) with incidents as NDJSON on stdout.
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadSiteBundle, replayCapture } from '@portwatch/system';
import { UsageError } from '../usage.ts';
import { parseArgs, speedOf } from './args.ts';

export async function replay(argv: string[]): Promise<number> {
  const { flags } = parseArgs(argv, { values: ['site', 'capture', 'speed'], switches: ['updates'] });
  if (typeof flags.site !== 'string' || typeof flags.capture !== 'string')
    throw new UsageError('replay: --site and --capture are required');
  if (!existsSync(flags.capture)) throw new UsageError(`replay: no capture file at ${flags.capture}`);
  const speed = speedOf(flags.speed);
  const bundle = await loadSiteBundle(flags.site);
  const rl = createInterface({ input: createReadStream(flags.capture), crlfDelay: Infinity });
  const r = await replayCapture(rl, bundle, {
    speed,
    updates: flags.updates === true,
    onIncident: (inc) => process.stdout.write(JSON.stringify(inc) + '\n'),
    onReject: (line, reason) => process.stderr.write(JSON.stringify({ line, reason }) + '\n'),
  });
  process.stderr.write(
    `replayed ${r.records} records: ${r.indicators} indicators, ${r.rejected} rejected, ${r.late} late, ${new Set(r.incidents.map((i) => i.id)).size} incidents\n`,
  );
  return 0;
}
