// `portwatch bench [<suite>] [--json]` (npm run bench): performance figures, measured, not
// hoped for. A table for people; with --json one {"suite","figure","value","unit"} a line.
// Ratios an issue asks for are measured in the same run and printed as figures of their own.
import { UsageError } from '../cli.ts';
import { parseArgs } from './args.ts';

export interface Figure {
  suite: string;
  figure: string;
  value: number;
  unit: string;
}

export type Report = (figure: string, value: number, unit: string) => void;

export interface BenchSuite {
  name: string;
  description: string;
  /** Services the suite needs running (it fails with a clear message when one is missing). */
  needs?: string[];
  run(report: Report, log: (line: string) => void): Promise<void>;
}

/** Suites, by name; each lives beside the code it measures. */
const SUITES: Record<string, () => Promise<{ suite: BenchSuite }>> = {
  decoders: () => import('../../ingest/src/decoders/decoders.bench.ts'),
  correlation: () => import('../../ingest/src/correlate/correlation.bench.ts'),
  transport: () => import('../../test/bench/transport.bench.ts'),
};

export async function bench(argv: string[]): Promise<number> {
  const { flags, positionals } = parseArgs(argv, { switches: ['json', 'list'] });
  if (flags.list) {
    for (const name of Object.keys(SUITES)) process.stdout.write(name + '\n');
    return 0;
  }
  const names = positionals.length ? positionals : Object.keys(SUITES);
  for (const n of names)
    if (!SUITES[n]) throw new UsageError(`bench: unknown suite "${n}" (suites: ${Object.keys(SUITES).join(', ')})`);
  const figures: Figure[] = [];
  let failed = 0;
  for (const name of names) {
    let suite: BenchSuite;
    try {
      suite = (await SUITES[name]()).suite;
    } catch (err) {
      process.stderr.write(`bench ${name}: not available: ${(err as Error).message}\n`);
      failed++;
      continue;
    }
    process.stderr.write(`bench ${name}: ${suite.description}\n`);
    try {
      await suite.run(
        (figure, value, unit) => {
          const f = { suite: name, figure, value: Math.round(value * 1000) / 1000, unit };
          figures.push(f);
          if (flags.json) process.stdout.write(JSON.stringify(f) + '\n');
          else process.stderr.write(`  ${figure}: ${f.value} ${unit}\n`);
        },
        (line) => process.stderr.write(`  … ${line}\n`),
      );
    } catch (err) {
      process.stderr.write(`bench ${name}: failed: ${(err as Error).message}\n`);
      failed++;
    }
  }
  if (!flags.json) {
    const w = Math.max(...figures.map((f) => f.suite.length + f.figure.length + 3), 20);
    process.stdout.write(`\n${'figure'.padEnd(w)}  ${'value'.padStart(14)}  unit\n`);
    for (const f of figures)
      process.stdout.write(`${`${f.suite} / ${f.figure}`.padEnd(w)}  ${String(f.value).padStart(14)}  ${f.unit}\n`);
  }
  return failed ? 1 : 0;
}
