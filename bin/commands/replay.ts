// `portwatch replay --site <dir> --capture <file> [--export <dir>]`: a capture through the
// whole pipeline (replayCapture, @portwatch/system) with incidents as NDJSON on stdout; with
// --export, every incident also in each standard format (api/src/exports) as files.
import { createReadStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Incident, Indicator } from '@portwatch/schema';
import { EXPORT_FORMATS, exportIncident } from '@portwatch/api';
import { createInterface } from 'node:readline';
import { loadSiteBundle, replayCapture } from '@portwatch/system';
import { UsageError } from '../usage.ts';
import { parseArgs, speedOf } from './args.ts';

export async function replay(argv: string[]): Promise<number> {
  const { flags } = parseArgs(argv, { values: ['site', 'capture', 'speed', 'export'], switches: ['updates'] });
  if (typeof flags.site !== 'string' || typeof flags.capture !== 'string')
    throw new UsageError('replay: --site and --capture are required');
  if (!existsSync(flags.capture)) throw new UsageError(`replay: no capture file at ${flags.capture}`);
  const speed = speedOf(flags.speed);
  const bundle = await loadSiteBundle(flags.site);
  const exportDir = typeof flags.export === 'string' ? flags.export : null;
  const rl = createInterface({ input: createReadStream(flags.capture), crlfDelay: Infinity });
  const indicators = new Map<string, Indicator>();
  // The last version of each incident is the one exported (it holds all its indicators).
  const latest = new Map<string, Incident>();
  const r = await replayCapture(rl, bundle, {
    speed,
    updates: flags.updates === true || exportDir !== null,
    onIndicator: exportDir ? (ind) => indicators.set(ind.id, ind) : undefined,
    onIncident: (inc) => {
      if (exportDir) {
        const first = !latest.has(inc.id);
        latest.set(inc.id, inc);
        if (!first && flags.updates !== true) return;
      }
      process.stdout.write(JSON.stringify(inc) + '\n');
    },
    onReject: (line, reason) => process.stderr.write(JSON.stringify({ line, reason }) + '\n'),
  });
  if (exportDir) {
    mkdirSync(exportDir, { recursive: true });
    for (const incident of latest.values()) {
      const input = {
        incident,
        indicators: incident.indicatorIds.flatMap((id) => indicators.get(id) ?? []),
        zones: bundle.site.zones.features,
      };
      for (const format of EXPORT_FORMATS) {
        const file = exportIncident(format, input);
        writeFileSync(join(exportDir, file.fileName), file.body);
      }
    }
    process.stderr.write(`exported ${latest.size} incidents × ${EXPORT_FORMATS.length} formats to ${exportDir}\n`);
  }
  process.stderr.write(
    `replayed ${r.records} records: ${r.indicators} indicators, ${r.rejected} rejected, ${r.late} late, ${new Set(r.incidents.map((i) => i.id)).size} incidents\n`,
  );
  return 0;
}
