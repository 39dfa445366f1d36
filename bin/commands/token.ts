// `portwatch token add|list|remove`: the access tokens file. A new token is printed once, on
// stdout alone (so a script can capture it); only its hash is written to the file.
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { addToken, readTokens, removeToken, TokenFileError } from '@portwatch/api/auth/tokens-file';
import { defaultTokensFile } from '@portwatch/system';
import { UsageError } from '../usage.ts';
import { parseArgs } from './args.ts';

export const TOKEN_USAGE =
  'token add --name <who> --role viewer|analyst|operator|admin [--file <path>] | token list [--file <path>] | token remove --name <who> [--file <path>]';

/** The file the server reads: PORTWATCH_TOKENS_FILE, else <DATA_DIR>/tokens (./data/tokens). */
export function tokensFileFrom(flag: string | true | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (typeof flag === 'string') return resolve(flag);
  if (env.PORTWATCH_TOKENS_FILE) return resolve(env.PORTWATCH_TOKENS_FILE);
  return defaultTokensFile(resolve(env.DATA_DIR || './data'));
}

export async function token(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { flags, positionals } = parseArgs(rest, { values: ['name', 'role', 'file'] });
  if (positionals.length) throw new UsageError(`token ${sub ?? ''}: unexpected argument "${positionals[0]}"`);
  const file = tokensFileFrom(flags.file);
  try {
    switch (sub) {
      case 'add': {
        if (typeof flags.name !== 'string' || typeof flags.role !== 'string')
          throw new UsageError('token add: needs --name <who> and --role viewer|analyst|operator|admin');
        const { token: secret, entry } = addToken(file, flags.name, flags.role);
        const port = process.env.PORT || '8080';
        process.stdout.write(secret + '\n');
        process.stderr.write(
          [
            `Added token "${entry.name}" (${entry.role}) to ${file}; a running Portwatch accepts it at once.`,
            'The token above is shown only this once (the file keeps its hash): hand it over now.',
            `Sign in: paste it on the sign-in screen, or open http://localhost:${port}/#/login?token=<the token>`,
            `Revoke it: npx portwatch token remove --name ${entry.name}${flags.file ? ` --file ${flags.file}` : ''}`,
            '',
          ].join('\n'),
        );
        return 0;
      }
      case 'list': {
        if (!existsSync(file)) {
          process.stderr.write(`no tokens file at ${file} yet (npm start makes one at its first start)\n`);
          return 1;
        }
        for (const e of readTokens(file))
          process.stdout.write(`${e.name}\t${e.role}\tsha256 ${e.hash.slice(0, 12)}…\n`);
        return 0;
      }
      case 'remove': {
        if (typeof flags.name !== 'string') throw new UsageError('token remove: needs --name <who>');
        if (!existsSync(file) || !removeToken(file, flags.name)) {
          process.stderr.write(`no token named "${flags.name}" in ${file}\n`);
          return 1;
        }
        process.stderr.write(
          `Removed token "${flags.name}" from ${file}; it is refused from now on, and its live connections are closed.\n`,
        );
        return 0;
      }
      default:
        throw new UsageError(`token: expected ${TOKEN_USAGE}`);
    }
  } catch (err) {
    if (err instanceof TokenFileError) {
      process.stderr.write(`portwatch: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
