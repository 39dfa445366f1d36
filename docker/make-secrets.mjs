#!/usr/bin/env node
// Makes what the scaled deployment's brokers need and the repository must not hold:
//   secrets/mqtt-tls/{ca.crt,ca.key,server.crt,server.key}  the private CA (it signs Kafka's
//                                  certificate too) and Mosquitto's certificate
//   secrets/kafka-tls/broker.pem   Kafka's private key and certificate (a PEM key store)
//   secrets/dynamic-security.json  Mosquitto's users (PBKDF2-SHA512 hashes) and who may do what
//   secrets/.env                   the passwords: `docker compose --env-file secrets/.env up`
// Usage: node docker/make-secrets.mjs [sensor-id …]   (needs openssl). Run it again to add
// sensors: existing certificates and passwords are kept. To change a password, delete its line
// from secrets/.env and run it again (README, Security). SECRETS_DIR moves the folder.
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
const f = (name) => join(tls, name);
if (!existsSync(f('ca.crt'))) {
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
  chmodSync(f('ca.key'), 0o600);
}

/** A certificate for `host` (its Compose service name) and this machine, signed by the private CA. */
function serverCertificate(host, keyFile, certFile) {
  const csr = `${certFile}.csr`;
  const ext = `${certFile}.ext`;
  // PKCS#8 (openssl's default): what Mosquitto and Kafka's PEM key store both read.
  openssl('req', '-newkey', 'rsa:3072', '-nodes', '-subj', `/CN=${host}`, '-keyout', keyFile, '-out', csr);
  // The name the services use inside Compose, and the host's own for clients on this machine.
  writeFileSync(ext, `subjectAltName=DNS:${host},DNS:localhost,IP:127.0.0.1\n`);
  openssl(
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    f('ca.crt'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-days',
    '825',
    '-extfile',
    ext,
    '-out',
    certFile,
  );
  rmSync(csr);
  rmSync(ext);
}

if (!existsSync(f('server.crt'))) {
  serverCertificate('mosquitto', f('server.key'), f('server.crt'));
  // Mosquitto runs as its own user in the container and must read its key (the folder is 0700).
  chmodSync(f('server.key'), 0o644);
}

const kafkaTls = join(dir, 'kafka-tls');
const kafkaStore = join(kafkaTls, 'broker.pem');
if (!existsSync(kafkaStore)) {
  mkdirSync(kafkaTls, { recursive: true });
  const key = join(kafkaTls, 'broker.key');
  const cert = join(kafkaTls, 'broker.crt');
  serverCertificate('kafka', key, cert);
  // Kafka's PEM key store is one file: the private key, then the certificate. The image runs
  // Kafka as its own user, which must read it.
  writeFileSync(kafkaStore, `${readFileSync(key, 'utf8').trim()}\n${readFileSync(cert, 'utf8').trim()}\n`, {
    mode: 0o644,
  });
  rmSync(key);
  rmSync(cert);
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
// Kafka's one SCRAM account, used by every Portwatch service (docker/kafka-start.sh sets it).
secret('KAFKA_PASSWORD');
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
