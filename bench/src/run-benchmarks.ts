// Runs benchmark suites and prints their figures: a table for people, or with `json` one
// {"suite","figure","value","unit"} a line. Ratios an issue asks for are measured in the same
// run and printed as figures of their own.
import type { BenchSuite, Figure } from './bench-suite.ts';
import { SUITES } from './suites.ts';

export class UnknownSuiteError extends Error {
  constructor(readonly suiteName: string) {
    super(`unknown suite "${suiteName}" (suites: ${Object.keys(SUITES).join(', ')})`);
  }
}

export interface BenchOutput {
  json: boolean;
  /** Figures (table or NDJSON). */
  out: (text: string) => void;
  /** Progress and failures. */
  err: (text: string) => void;
}

export function suiteNames(): string[] {
  return Object.keys(SUITES);
}

/** Runs the named suites (all when none are named); resolves to the number that failed. */
export async function runBenchmarks(requested: string[], io: BenchOutput): Promise<number> {
  const names = requested.length ? requested : suiteNames();
  for (const n of names) if (!Object.hasOwn(SUITES, n)) throw new UnknownSuiteError(n);
  const figures: Figure[] = [];
  let failed = 0;
  for (const name of names) {
    let suite: BenchSuite;
    try {
      suite = (await SUITES[name]()).suite;
    } catch (err) {
      io.err(`bench ${name}: not available: ${(err as Error).message}\n`);
      failed++;
      continue;
    }
    io.err(`bench ${name}: ${suite.description}\n`);
    try {
      await suite.run(
        (figure, value, unit) => {
          const f = { suite: name, figure, value: Math.round(value * 1000) / 1000, unit };
          figures.push(f);
          if (io.json) io.out(JSON.stringify(f) + '\n');
          else io.err(`  ${figure}: ${f.value} ${unit}\n`);
        },
        (line) => io.err(`  … ${line}\n`),
      );
    } catch (err) {
      io.err(`bench ${name}: failed: ${(err as Error).message}\n`);
      failed++;
    }
  }
  if (!io.json) {
    const w = Math.max(...figures.map((f) => f.suite.length + f.figure.length + 3), 20);
    io.out(`\n${'figure'.padEnd(w)}  ${'value'.padStart(14)}  unit\n`);
    for (const f of figures)
      io.out(`${`${f.suite} / ${f.figure}`.padEnd(w)}  ${String(f.value).padStart(14)}  ${f.unit}\n`);
  }
  return failed;
}
