// Dispatches `portwatch <command>`; each command lives in commands/<name>.ts.
import { USAGE, UsageError } from './usage.ts';

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'start':
        return await (await import('./commands/start.ts')).start(rest);
      case 'decode':
        return await (await import('./commands/decode.ts')).decode(rest);
      case 'replay':
        return await (await import('./commands/replay.ts')).replay(rest);
      case 'simulate':
        return await (await import('./commands/simulate.ts')).simulate(rest);
      case 'rules':
        if (rest[0] !== 'check') throw new UsageError('rules: expected "rules check --site <dir>"');
        return await (await import('./commands/rules-check.ts')).rulesCheck(rest.slice(1));
      case 'feeds':
        if (rest[0] !== 'test') throw new UsageError('feeds: expected "feeds test --site <dir> --feed <id>"');
        return await (await import('./commands/feeds-test.ts')).feedsTest(rest.slice(1));
      case 'bench':
        return await (await import('./commands/bench.ts')).bench(rest);
      case 'exercise':
        return await (await import('./commands/exercise.ts')).exercise(rest);
      case 'token':
        return await (await import('./commands/token.ts')).token(rest);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(USAGE);
        return cmd === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${cmd}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`portwatch: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    process.stderr.write(`portwatch: ${(err as Error).message}\n`);
    return 1;
  }
}
