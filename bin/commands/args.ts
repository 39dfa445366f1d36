// A small flag parser: --name value, --flag, and positionals. Unknown flags are usage errors.
import { UsageError } from '../usage.ts';

export interface Parsed {
  flags: Record<string, string | true>;
  positionals: string[];
}

export function parseArgs(argv: string[], known: { values?: string[]; switches?: string[] }): Parsed {
  const flags: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
    if (known.switches?.includes(name)) flags[name] = true;
    else if (known.values?.includes(name)) {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`--${name} needs a value`);
      flags[name] = v;
    } else throw new UsageError(`unknown option --${name}`);
  }
  return { flags, positionals };
}

export function speedOf(v: string | true | undefined): number {
  if (v === undefined) return Infinity;
  if (v === 'max') return Infinity;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--speed: expected a positive number or "max", got "${v}"`);
  return n;
}
