// `portwatch decode --format <fmt> [--site <dir>]`: raw records on stdin (one per line; NMEA
// multi-sentence messages across lines), indicators as NDJSON on stdout, one
// {"line", "reason"} per rejected record on stderr, and one {"line", "notUsed"} per record that
// was read but made no indicator (a Zeek dns record, a door back to normal), saying why. Exit 0 when the input was processed,
// even with rejects — a reject is an answer, not a failure of the command.
import type { Pipeline } from '@portwatch/ingest';
import { loadSite } from '@portwatch/dashboards';
import { decoderFormats, formatPipeline } from '@portwatch/system';
import { createInterface } from 'node:readline';
import { USAGE, UsageError } from '../usage.ts';
import { parseArgs } from './args.ts';

const formats = () => decoderFormats().join(', ');

export const decode = withUsageErrors(async (argv: string[]): Promise<number> => {
  const { flags, positionals } = parseArgs(argv, { values: ['format', 'site'] });
  if (positionals.length)
    throw new UsageError(`decode: unexpected argument "${positionals[0]}" (records come on stdin)`);
  const format = flags.format;
  if (typeof format !== 'string') throw new UsageError(`decode: --format is required (one of ${formats()})`);
  // A list lookup, not `in`: "--format toString" must be an unknown format, not a crash.
  if (!decoderFormats().includes(format))
    throw new UsageError(`decode: unknown format "${format}" (known: ${formats()})`);
  if (format === 'json')
    throw new UsageError(
      'decode: format "json" needs a declared field mapping; use `portwatch feeds test --site <dir> --feed <id>` with a feed that declares one',
    );
  const site = typeof flags.site === 'string' ? await loadSite(flags.site) : null;
  const pipeline = formatPipeline(format, site);
  return runLines(pipeline, 'stdin');
});

// Lines of stdin through a pipeline, shared with `feeds test`.
export async function runLines(pipeline: Pipeline, topic: string, via: 'mqtt' | 'kafka' = 'mqtt'): Promise<number> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let line = 0;
  let out = '';
  for await (let text of rl) {
    line++;
    // A sample saved by a Windows editor starts with a byte-order mark no decoder expects.
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trim() === '') continue;
    const { indicators, rejects, notUsed } = pipeline.process({ via, topic, payload: text, receivedAt: Date.now() });
    for (const ind of indicators) out += JSON.stringify(ind) + '\n';
    for (const r of rejects) process.stderr.write(JSON.stringify({ line, reason: r.reason }) + '\n');
    if (notUsed !== undefined) process.stderr.write(JSON.stringify({ line, notUsed }) + '\n');
    if (out.length > 65536) {
      if (!process.stdout.write(out)) await new Promise((r) => process.stdout.once('drain', r));
      out = '';
    }
  }
  if (out) await new Promise<void>((resolve) => process.stdout.write(out, () => resolve()));
  return 0;
}

// Exit 2 with the usage text on a usage error, 1 with one line on any other failure, never
// a stack trace for a mistake on the command line. (cli.ts returns the command's promise
// without awaiting it inside its try, so a rejection escapes its handler.)
export function withUsageErrors(command: (argv: string[]) => Promise<number>): (argv: string[]) => Promise<number> {
  return async (argv) => {
    try {
      return await command(argv);
    } catch (err) {
      if (err instanceof UsageError) {
        process.stderr.write(`portwatch: ${err.message}\n\n${USAGE}`);
        return 2;
      }
      process.stderr.write(`portwatch: ${(err as Error).message}\n`);
      return 1;
    }
  };
}
