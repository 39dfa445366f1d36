// A private Mosquitto started from the deployment's own configuration (docker/mosquitto.conf,
// its healthcheck ACL, and the users and certificates docker/make-secrets.mjs makes), with only the container paths and
// ports moved to a scratch folder: what is tested is what `docker compose up` runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { freePorts } from '../brokers/free-port.js';
import { findMosquitto, probeMqtt } from '../brokers/mosquitto.js';
import { ROOT } from '../support/system.ts';
import { makeComposeSecrets } from './compose-secrets.ts';

/** Where Debian's mosquitto package puts the plugin the eclipse-mosquitto image has in /usr/lib. */
const DYNSEC_PLUGIN = '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so';

export interface ComposeMosquitto {
  tlsPort: number;
  healthPort: number;
  /** The private CA that signed the broker's certificate (PEM). */
  ca: string;
  /** Passwords by variable name, as make-secrets.mjs wrote them to secrets/.env. */
  secrets: Record<string, string>;
  /** The folder docker-compose.yml knows as ./secrets. */
  secretsDir: string;
  log(): string;
  stop(): Promise<void>;
}

export async function startComposeMosquitto(sensors: string[]): Promise<ComposeMosquitto> {
  const bin = findMosquitto();
  const made = makeComposeSecrets(sensors);
  const secretsDir = made.dir;
  const dir = dirname(secretsDir);
  const [tlsPort, healthPort] = await freePorts(2);
  mkdirSync(join(dir, 'data'));
  const conf = readFileSync(join(ROOT, 'docker', 'mosquitto.conf'), 'utf8')
    .replace(/^listener 8883$/m, `listener ${tlsPort} 127.0.0.1`)
    .replace(/^listener 1880 127\.0\.0\.1$/m, `listener ${healthPort} 127.0.0.1`)
    .replaceAll('/mosquitto/certs/', `${secretsDir}/mqtt-tls/`)
    .replaceAll('/mosquitto/secrets/', `${secretsDir}/`)
    .replace('/usr/lib/mosquitto_dynamic_security.so', DYNSEC_PLUGIN)
    .replaceAll('/mosquitto/config/acl-health', join(ROOT, 'docker', 'mosquitto-health.acl'))
    .replaceAll('/mosquitto/data/', `${dir}/data/`);
  const confFile = join(dir, 'mosquitto.conf');
  // Run as root, Mosquitto would drop to a user that cannot read the scratch folder.
  writeFileSync(confFile, `${conf}\nuser ${userInfo().username}\n`);
  let output = '';
  const child: ChildProcess = spawn(bin, ['-c', confFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const t0 = Date.now();
  while (!(await probeMqtt(healthPort, { timeoutMs: 300 }))) {
    if (child.exitCode !== null || Date.now() - t0 > 10_000)
      throw new Error(`Mosquitto did not start from docker/mosquitto.conf:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    tlsPort,
    healthPort,
    ca: made.ca,
    secrets: made.env,
    secretsDir,
    log: () => output,
    async stop() {
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
