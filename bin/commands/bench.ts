// `portwatch bench [<suite>] [--json] [--list]` (npm run bench): performance figures, measured,
// not hoped for. The suites and their runner live in @portwatch/bench.
import { runBenchmarks, suiteNames, UnknownSuiteError } from '@portwatch/bench';
import { UsageError } from '../usage.ts';
import { parseArgs } from './args.ts';

export async function bench(argv: string[]): Promise<number> {
  const { flags, positionals } = parseArgs(argv, { switches: ['json', 'list', 'pg'] });
  if (flags.list) {
    for (const name of suiteNames()) process.stdout.write(name + '\n');
    return 0;
  }
  try {
    const failed = await runBenchmarks(positionals, {
      json: flags.json === true,
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
    });
    return failed ? 1 : 0;
  } catch (err) {
    if (err instanceof UnknownSuiteError) throw new UsageError(`bench: ${err.message}`);
    throw err;
  }
}
