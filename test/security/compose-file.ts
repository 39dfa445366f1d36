// One service of docker-compose.yml as Compose would run it: its environment with ${…}
// interpolated from the given variables (secrets/.env), and where its bind mounts come from,
// with ./secrets standing for the test's own secrets folder.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../support/system.ts';

export interface ComposeService {
  environment: Record<string, string>;
  /** The host file or folder mounted at `containerPath`; null when it is not a bind mount. */
  hostPath(containerPath: string): string | null;
}

interface RawService {
  environment?: Record<string, string | number>;
  volumes?: string[];
}

/** Compose's interpolation: ${NAME}, ${NAME:-default} and ${NAME:?error}. */
function interpolate(value: string, vars: Record<string, string>, where: string): string {
  return value.replace(
    /\$\{([A-Za-z0-9_]+)(?:(:-|:\?)([^}]*))?\}/g,
    (_all, name: string, op?: string, arg?: string) => {
      if (vars[name]) return vars[name];
      if (op === ':?') throw new Error(`docker-compose.yml, ${where}: ${name} is not set (${arg})`);
      return op === ':-' ? (arg ?? '') : '';
    },
  );
}

export function composeService(name: string, vars: Record<string, string>, secretsDir: string): ComposeService {
  const file = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, RawService>;
  };
  const raw = file.services[name];
  if (!raw) throw new Error(`docker-compose.yml has no service "${name}"`);
  const environment = Object.fromEntries(
    Object.entries(raw.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), vars, `${name}.${k}`)]),
  );
  const mounts = (raw.volumes ?? []).map((v) => v.split(':')).filter(([source]) => source.startsWith('./'));
  return {
    environment,
    hostPath(containerPath) {
      for (const [source, target] of mounts) {
        if (containerPath !== target && !containerPath.startsWith(`${target}/`)) continue;
        const host = source.startsWith('./secrets')
          ? secretsDir + source.slice('./secrets'.length)
          : join(ROOT, source);
        return host + containerPath.slice(target.length);
      }
      return null;
    },
  };
}
