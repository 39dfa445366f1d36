#!/usr/bin/env node
// Makes what the scaled deployment's sensor broker needs and the repository must not hold:
//   secrets/mqtt-tls/{ca.crt,ca.key,server.crt,server.key}  a private CA and the broker's certificate
//   secrets/dynamic-security.json  Mosquitto's users (PBKDF2-SHA512 hashes) and who may do what
//   secrets/.env                   the passwords: `docker compose --env-file secrets/.env up`
// Usage: node docker/make-secrets.mjs [sensor-id …]   (needs openssl). Run it again to add
// sensors: existing certificates and passwords are kept. SECRETS_DIR moves the folder.
//
// Who may do what (Mosquitto's dynamic security plugin, which unlike an acl_file can refuse a
// subscription): a sensor connects with its sensor id as user name and may only publish to
// <site>/<kind>/<its id>; only the user `portwatch` (the workers) may subscribe, to anything,
// including the workers' shared group; `portwatch-simulator` may only publish. Nothing else.
import { spawnSync } from 'node:child_process';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ITERATIONS = 10_000;
const dir = resolve(process.env.SECRETS_DIR ?? join(import.meta.dirname, '..', 'secrets'));
const tls = join(dir, 'mqtt-tls');
const sensors = process.argv.slice(2);
for (const id of sensors)
  if (!/^[A-Za-z0-9_.-]+$/.test(id)) fail(`sensor id "${id}": only letters, digits, "_", "." and "-" are allowed`);

function fail(message) {
  console.error(`make-secrets: ${message}`);
  process.exit(2);
}

function openssl(...args) {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.error) fail(`openssl not found (${r.error.message}): install it (Debian: apt-get install openssl)`);
  if (r.status !== 0) fail(`openssl ${args[0]} failed: ${r.stderr}`);
}

mkdirSync(tls, { recursive: true });
chmodSync(dir, 0o700);
if (!existsSync(join(tls, 'ca.crt'))) {
  const f = (name) => join(tls, name);
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:3072',
    '-nodes',
    '-days',
    '825',
    '-subj',
    '/CN=Portwatch private CA',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.crt'),
  );
  openssl(
    'req',
    '-newkey',
    'rsa:3072',
    '-nodes',
    '-subj',
    '/CN=mosquitto',
    '-keyout',
    f('server.key'),
    '-out',
    f('server.csr'),
  );
  // The name the workers use inside Compose, and the host's own for sensors on this machine.
  writeFileSync(f('san.ext'), 'subjectAltName=DNS:mosquitto,DNS:localhost,IP:127.0.0.1\n');
  openssl(
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.crt'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-days',
    '825',
    '-extfile',
    f('san.ext'),
    '-out',
    f('server.crt'),
  );
  rmSync(f('server.csr'));
  rmSync(f('san.ext'));
  chmodSync(f('ca.key'), 0o600);
  // Mosquitto runs as its own user in the container and must read its key.
  chmodSync(f('server.key'), 0o644);
}

const envFile = join(dir, '.env');
const env = existsSync(envFile)
  ? Object.fromEntries(
      readFileSync(envFile, 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    )
  : {};
const secret = (name) => (env[name] ??= randomBytes(24).toString('hex'));
const sensorPasswordVariable = (id) => `MQTT_SENSOR_${id.toUpperCase().replace(/[-.]/g, '_')}_PASSWORD`;

function client(username, password, rolename) {
  const salt = randomBytes(12);
  return {
    username,
    password: pbkdf2Sync(password, salt, ITERATIONS, 64, 'sha512').toString('base64'),
    salt: salt.toString('base64'),
    iterations: ITERATIONS,
    roles: [{ rolename }],
  };
}
const allow = (acltype, topic) => ({ acltype, topic, priority: 0, allow: true });

const known = new Set(
  Object.keys(env)
    .map((k) => /^MQTT_SENSOR_ID_(.+)$/.exec(k)?.[1])
    .filter(Boolean),
);
for (const id of sensors) known.add(id);
const config = {
  defaultACLAccess: { publishClientSend: false, publishClientReceive: false, subscribe: false, unsubscribe: true },
  clients: [
    client('portwatch', secret('MQTT_PASSWORD'), 'portwatch-worker'),
    client('portwatch-simulator', secret('MQTT_SIMULATOR_PASSWORD'), 'portwatch-simulator'),
    ...[...known].map((id) => {
      env[`MQTT_SENSOR_ID_${id}`] = id;
      return client(id, secret(sensorPasswordVariable(id)), `sensor-${id}`);
    }),
  ],
  groups: [],
  roles: [
    {
      rolename: 'portwatch-worker',
      acls: [
        allow('subscribePattern', '#'),
        allow('publishClientReceive', '#'),
        allow('subscribePattern', '$SYS/#'),
        allow('publishClientReceive', '$SYS/#'),
      ],
    },
    { rolename: 'portwatch-simulator', acls: [allow('publishClientSend', '#')] },
    ...[...known].map((id) => ({ rolename: `sensor-${id}`, acls: [allow('publishClientSend', `+/+/${id}`)] })),
  ],
};
writeFileSync(join(dir, 'dynamic-security.json'), JSON.stringify(config, null, 2) + '\n', { mode: 0o644 });
writeFileSync(
  envFile,
  Object.entries(env)
    .map(([k, v]) => `${k}=${v}\n`)
    .join(''),
  { mode: 0o600 },
);
console.log(
  `make-secrets: ${dir} (not in git): pass --env-file ${envFile} to docker compose; each sensor's password is in it`,
);
