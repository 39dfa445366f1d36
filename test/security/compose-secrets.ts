// What `node docker/make-secrets.mjs` makes for the scaled deployment, made in a scratch folder
// for a test: the private CA, the brokers' certificates, Mosquitto's users and the passwords.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/system.ts';

export interface ComposeSecrets {
  /** The folder docker-compose.yml knows as ./secrets. */
  dir: string;
  /** secrets/.env: the passwords by variable name. */
  env: Record<string, string>;
  /** The private CA that signed the brokers' certificates (PEM). */
  ca: string;
}

export function makeComposeSecrets(sensors: string[] = []): ComposeSecrets {
  const dir = join(mkdtempSync(join(tmpdir(), 'pw-compose-')), 'secrets');
  const made = spawnSync(process.execPath, [join(ROOT, 'docker', 'make-secrets.mjs'), ...sensors], {
    env: { ...process.env, SECRETS_DIR: dir },
    encoding: 'utf8',
  });
  if (made.status !== 0) throw new Error(`docker/make-secrets.mjs failed: ${made.stderr}`);
  const env = Object.fromEntries(
    readFileSync(join(dir, '.env'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { dir, env, ca: readFileSync(join(dir, 'mqtt-tls', 'ca.crt'), 'utf8') };
}
