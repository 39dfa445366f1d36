// `portwatch decode --format <fmt> [--site <dir>]`: raw records on stdin (one per line),
// indicators as NDJSON on stdout, one {"line", "reason"} per rejected record on stderr.
import { createInterface } from 'node:readline';
import { createDecoder, decoderFactories } from '@portwatch/ingest/decoders';
import { Pipeline, siteLocator, DEFAULT_ENRICHERS, type ZoneLocator } from '@portwatch/ingest';
import { loadSite } from '@portwatch/dashboards';
import type { FeedConfig } from '@portwatch/schema';
import { UsageError } from '../cli.ts';
import { parseArgs } from './args.ts';

const POSITION_FIRST = ['nmea', 'remoteid'];
const NO_SITE: ZoneLocator = { bySensor: () => null, byPosition: () => null, byIp: () => null, hasZone: () => false };

export async function decode(argv: string[]): Promise<number> {
  const { flags } = parseArgs(argv, { values: ['format', 'site'] });
  const format = flags.format;
  if (typeof format !== 'string') throw new UsageError('decode: --format is required');
  if (!(format in decoderFactories)) throw new UsageError(`decode: unknown format "${format}" (known: ${Object.keys(decoderFactories).sort().join(', ')})`);
  createDecoder(format);
  const site = typeof flags.site === 'string' ? await loadSite(flags.site) : null;
  const feed: FeedConfig = {
    id: `cli-${format}`,
    transport: 'mqtt',
    topic: '#',
    format,
    // A vessel's or drone's own position says where it is; the receiver's does not.
    zone: POSITION_FIRST.includes(format) ? ['position', 'sensor', 'ip'] : ['sensor', 'position', 'ip'],
    maxRecordBytes: 16 * 1024 * 1024,
    maxRatePerSec: Number.MAX_SAFE_INTEGER,
    enabled: true,
  };
  const pipeline = new Pipeline({ siteId: site?.id ?? 'none', feeds: [feed], locator: site ? siteLocator(site) : NO_SITE, decoders: decoderFactories, enrichers: DEFAULT_ENRICHERS });
  return runLines(pipeline, 'stdin');
}

/** Lines of stdin through a pipeline: indicators to stdout, rejects to stderr. */
export async function runLines(pipeline: Pipeline, topic: string): Promise<number> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let line = 0;
  let out = '';
  for await (const text of rl) {
    line++;
    if (text.trim() === '') continue;
    const { indicators, rejects } = pipeline.process({ via: 'mqtt', topic, payload: text, receivedAt: Date.now() });
    for (const ind of indicators) out += JSON.stringify(ind) + '\n';
    for (const r of rejects) process.stderr.write(JSON.stringify({ line, reason: r.reason }) + '\n');
    if (out.length > 65536) {
      if (!process.stdout.write(out)) await new Promise((r) => process.stdout.once('drain', r));
      out = '';
    }
  }
  process.stdout.write(out);
  return 0;
}
