// Real Apache Kafka broker (KRaft, single node, combined broker+controller) for dev, CI and
// fault tests. Plain Node ESM, node builtins only, so it runs before anything is built.
//
// PINNED VERSION: Kafka 3.9.1 (org.apache.kafka:kafka_2.13:3.9.1 from Maven Central), KRaft mode.
// Why: our client is kafkajs 2.2.4 (unmaintained), which only knows old protocol versions and
// negotiates the highest one both sides support. Kafka 4.0 removed many old versions (KIP-896);
// 3.9.x is the last line that serves every version kafkajs may ever pick *and* runs KRaft without
// ZooKeeper, so no kafkajs code path (tested or not) can hit UNSUPPORTED_VERSION.
// Verified with test/brokers/kafka-smoke.js (kafkajs 2.2.4): 6-partition topic, keyed produce,
// 2-member consumer group with rebalance, commitOffsets + admin.fetchOffsets,
// admin.fetchTopicOffsetsByTimestamp + seek, auto topic creation, list/describeGroups,
// describeConfigs, idempotent and transactional producers: 15 passed, 0 failed on 3.9.1.
// For the record, the same smoke also passed on 3.9.2, 4.0.0 and 4.1.1 (all on Maven Central):
// the APIs we use are above 4.x's new minimum versions. So moving to 4.1.x later is plausible, but
// 3.9.x is the conservative choice while we are on kafkajs; re-run the smoke before any bump.
// Override for experiments only: PORTWATCH_KAFKA_VERSION=4.1.1 (or opts.version).
//
// Layout (cacheDir = $PORTWATCH_CACHE/kafka-<version> or <repo>/.cache/kafka-<version>):
//   pom.xml, lib/*.jar, .jars-complete (marker, written after a successful fetch)
//   data-<port>/            one broker instance (unless opts.dataDir is given)
//     server.properties, log4j.properties, log4j2.properties
//     kafka.log             broker stdout/stderr (appended across restarts)
//     kafka.pid             pid of the running broker
//     logs/                 Kafka log.dirs (partitions + KRaft metadata log, meta.properties)

import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants as fsc,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createServer, createConnection } from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_KAFKA_VERSION = '3.9.1';
export const KAFKA_VERSION = process.env.PORTWATCH_KAFKA_VERSION || DEFAULT_KAFKA_VERSION;
export const SCALA_BINARY_VERSION = '2.13';
export const DEFAULT_PORT = 9092;
export const DEFAULT_TIMEOUT_MS = 60_000;
export const HOST = '127.0.0.1';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEPENDENCY_PLUGIN_VERSION = '3.8.1';
const MARKER = '.jars-complete';

/** Error whose `exitCode` the CLI uses: 2 = a prerequisite (java, mvn) is missing, 1 = anything else. */
export class KafkaBrokerError extends Error {
  constructor(message, exitCode = 1) {
    super(message);
    this.name = 'KafkaBrokerError';
    this.exitCode = exitCode;
  }
}

const major = (version) => Number.parseInt(String(version).split('.')[0], 10);

/** Directory holding pom.xml, lib/ and the per-port data dirs for `version`. */
export function kafkaCacheDir(version = KAFKA_VERSION) {
  const root = process.env.PORTWATCH_CACHE ? resolve(process.env.PORTWATCH_CACHE) : join(REPO_ROOT, '.cache');
  return join(root, `kafka-${version}`);
}

// ---------------------------------------------------------------------------------------------
// prerequisites

function findOnPath(cmd) {
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, cmd);
    try {
      accessSync(p, fsc.X_OK);
      if (statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return null;
}

/** Absolute path of the java binary ($JAVA_HOME/bin/java, else PATH); throws exit-code-2 error if missing/too old. */
export function findJava(version = KAFKA_VERSION) {
  let java = null;
  if (process.env.JAVA_HOME) {
    const p = join(process.env.JAVA_HOME, 'bin', 'java');
    if (existsSync(p)) java = p;
  }
  java ??= findOnPath('java');
  if (!java) {
    throw new KafkaBrokerError(
      'java not found on PATH: install a JDK 17+ (Debian: apt-get install openjdk-17-jre-headless)',
      2,
    );
  }
  const r = spawnSync(java, ['-version'], { encoding: 'utf8' });
  const out = `${r.stderr || ''}${r.stdout || ''}`;
  const m = out.match(/version "(\d+)(?:\.(\d+))?/);
  if (r.status !== 0 || !m) {
    throw new KafkaBrokerError(`${java} -version failed: ${out.trim() || r.error?.message || 'no output'}`, 2);
  }
  let jmajor = Number(m[1]);
  if (jmajor === 1) jmajor = Number(m[2]); // 1.8 -> 8
  const need = major(version) >= 4 ? 17 : 11;
  if (jmajor < need) {
    throw new KafkaBrokerError(
      `${java} is Java ${jmajor}, Kafka ${version} needs Java ${need}+: install a JDK 17+ ` +
        '(Debian: apt-get install openjdk-17-jre-headless) or point JAVA_HOME at one',
      2,
    );
  }
  return java;
}

/** Absolute path of mvn on PATH; throws exit-code-2 error if missing. */
export function findMaven() {
  const mvn = findOnPath('mvn');
  if (!mvn) {
    throw new KafkaBrokerError(
      'mvn not found on PATH: install Maven 3.6+ (Debian: apt-get install maven); it is only needed ' +
        'for the first run, to fetch the Kafka jars from Maven Central',
      2,
    );
  }
  return mvn;
}

// ---------------------------------------------------------------------------------------------
// jars

function loggingDeps(version) {
  // kafka_2.13 declares its log4j backend compile-only; the tarball ships it. Add the same one so
  // the broker logs through our config instead of printing "no appenders"/"NOP logger".
  if (major(version) >= 4) {
    return [
      ['org.apache.logging.log4j', 'log4j-slf4j-impl', '2.24.3'],
      ['org.apache.logging.log4j', 'log4j-core', '2.24.3'],
    ];
  }
  return [
    ['org.slf4j', 'slf4j-reload4j', '1.7.36'],
    ['ch.qos.reload4j', 'reload4j', '1.2.25'],
  ];
}

function renderPom(version) {
  const deps = [['org.apache.kafka', `kafka_${SCALA_BINARY_VERSION}`, version], ...loggingDeps(version)]
    .map(
      ([g, a, v]) =>
        `    <dependency><groupId>${g}</groupId><artifactId>${a}</artifactId><version>${v}</version></dependency>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by test/brokers/kafka-broker.js: the runtime classpath of a Kafka ${version} broker. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>portwatch.dev</groupId>
  <artifactId>kafka-broker-jars</artifactId>
  <version>${version}</version>
  <packaging>pom</packaging>
  <dependencies>
${deps}
  </dependencies>
  <build>
    <pluginManagement>
      <plugins>
        <plugin>
          <groupId>org.apache.maven.plugins</groupId>
          <artifactId>maven-dependency-plugin</artifactId>
          <version>${DEPENDENCY_PLUGIN_VERSION}</version>
        </plugin>
      </plugins>
    </pluginManagement>
  </build>
</project>
`;
}

const sha256 = (s) => createHash('sha256').update(s).digest('hex');

function readMarker(cacheDir, pom) {
  try {
    const m = JSON.parse(readFileSync(join(cacheDir, MARKER), 'utf8'));
    if (m.pomSha256 !== sha256(pom) || !Array.isArray(m.jars) || m.jars.length === 0) return null;
    for (const j of m.jars) if (!existsSync(join(cacheDir, 'lib', j))) return null;
    return m;
  } catch {
    return null;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function run(cmd, args, opts) {
  return new Promise((resolveRun) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('error', (err) => resolveRun({ code: -1, out: `${out}${err.message}` }));
    child.on('close', (code, signal) => resolveRun({ code: code ?? -1, signal, out }));
  });
}

/**
 * Download the broker's runtime jars into <cacheDir>/lib via Maven (once; cached by a marker file).
 * @returns {Promise<{version: string, cacheDir: string, libDir: string, classpath: string, jars: string[], fetched: boolean, ms: number}>}
 */
export async function ensureKafkaJars(opts = {}) {
  const version = opts.version ?? KAFKA_VERSION;
  const cacheDir = resolve(opts.cacheDir ?? kafkaCacheDir(version));
  const log = opts.log ?? (() => {});
  const libDir = join(cacheDir, 'lib');
  const pom = renderPom(version);
  const t0 = Date.now();
  const done = (marker, fetched) => ({
    version,
    cacheDir,
    libDir,
    classpath: join(libDir, '*'),
    jars: marker.jars,
    fetched,
    ms: Date.now() - t0,
  });

  let marker = !opts.force && readMarker(cacheDir, pom);
  if (marker) return done(marker, false);

  const mvn = findMaven();
  mkdirSync(cacheDir, { recursive: true });
  // Cross-process lock (parallel test workers): mkdir is atomic.
  const lock = join(cacheDir, '.fetch-lock');
  let said = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      marker = !opts.force && readMarker(cacheDir, pom);
      if (marker) return done(marker, false);
      let stale = false;
      try {
        const holder = Number.parseInt(readFileSync(join(lock, 'pid'), 'utf8'), 10);
        try {
          process.kill(holder, 0);
        } catch (e) {
          stale = e.code === 'ESRCH';
        }
      } catch {
        /* pid not written yet */
      }
      try {
        if (stale || Date.now() - statSync(lock).mtimeMs > 15 * 60_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        /* raced */
      }
      if (!said) log('another process is fetching the Kafka jars; waiting...');
      said = true;
      await sleep(500);
    }
  }
  try {
    marker = !opts.force && readMarker(cacheDir, pom);
    if (marker) return done(marker, false);
    log(`fetching Kafka ${version} jars from Maven Central into ${libDir} (first run only)...`);
    writeFileSync(join(cacheDir, 'pom.xml'), pom);
    rmSync(join(cacheDir, MARKER), { force: true });
    rmSync(libDir, { recursive: true, force: true });
    const r = await run(
      mvn,
      [
        '-q',
        '-B',
        '-Dstyle.color=never',
        'dependency:copy-dependencies',
        '-DoutputDirectory=lib',
        '-DincludeScope=runtime',
      ],
      { cwd: cacheDir },
    );
    r.out = r.out.replace(/\x1b\[[0-9;]*m/g, '');
    const jars = existsSync(libDir)
      ? readdirSync(libDir)
          .filter((f) => f.endsWith('.jar'))
          .sort()
      : [];
    const main = `kafka_${SCALA_BINARY_VERSION}-${version}.jar`;
    if (r.code !== 0 || !jars.includes(main)) {
      throw new KafkaBrokerError(
        `Maven could not fetch org.apache.kafka:kafka_${SCALA_BINARY_VERSION}:${version} ` +
          `(mvn exit ${r.code}${r.signal ? `, ${r.signal}` : ''}; pom: ${join(cacheDir, 'pom.xml')}):\n${r.out.trim()}`,
      );
    }
    const ms = Date.now() - t0;
    marker = { version, pomSha256: sha256(pom), jars, fetchedAt: new Date().toISOString(), fetchMs: ms };
    writeFileSync(join(cacheDir, MARKER), `${JSON.stringify(marker, null, 2)}\n`);
    log(`fetched ${jars.length} jars in ${(ms / 1000).toFixed(1)} s`);
    return done(marker, true);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Kafka protocol probe: ApiVersions v0, then Metadata v4 (brokers list must be non-empty, i.e.
// the broker is registered and unfenced, so clients can create topics right away).

function frame(apiKey, apiVersion, correlationId, body) {
  const clientId = Buffer.from('portwatch-probe');
  const header = Buffer.alloc(2 + 2 + 4 + 2);
  header.writeInt16BE(apiKey, 0);
  header.writeInt16BE(apiVersion, 2);
  header.writeInt32BE(correlationId, 4);
  header.writeInt16BE(clientId.length, 8);
  const payload = Buffer.concat([header, clientId, body]);
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length, 0);
  return Buffer.concat([size, payload]);
}

/**
 * One probe: connect, ApiVersions, Metadata. Resolves {ok: true, apiVersions, brokers} or
 * {ok: false, reason}. Never rejects.
 */
export function probeKafka(port, opts = {}) {
  const host = opts.host ?? HOST;
  const timeoutMs = opts.timeoutMs ?? 3000;
  return new Promise((resolveProbe) => {
    let settled = false;
    let buf = Buffer.alloc(0);
    let stage = 'apiversions';
    const apiVersions = {};
    const sock = createConnection({ host, port });
    const finish = (res) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      resolveProbe(res);
    };
    const timer = setTimeout(
      () => finish({ ok: false, reason: `no ${stage} answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
    sock.on('error', (err) => finish({ ok: false, reason: err.code || err.message }));
    sock.on('close', () => finish({ ok: false, reason: `connection closed during ${stage}` }));
    sock.on('connect', () => sock.write(frame(18, 0, 1, Buffer.alloc(0))));
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length < 4) return;
      const size = buf.readInt32BE(0);
      if (buf.length < 4 + size) return;
      const msg = buf.subarray(4, 4 + size);
      buf = buf.subarray(4 + size);
      try {
        if (stage === 'apiversions') {
          const err = msg.readInt16BE(4);
          if (err !== 0) return finish({ ok: false, reason: `ApiVersions error_code ${err}` });
          const n = msg.readInt32BE(6);
          for (let i = 0, o = 10; i < n; i++, o += 6) {
            apiVersions[msg.readInt16BE(o)] = [msg.readInt16BE(o + 2), msg.readInt16BE(o + 4)];
          }
          const md = apiVersions[3];
          if (!md || md[0] > 4 || md[1] < 4) return finish({ ok: true, apiVersions, brokers: -1 });
          stage = 'metadata';
          const body = Buffer.alloc(5);
          body.writeInt32BE(0, 0); // topics: empty array (no topics, just brokers)
          body.writeInt8(0, 4); // allow_auto_topic_creation=false
          sock.write(frame(3, 4, 2, body));
        } else {
          const brokers = msg.readInt32BE(8); // correlation_id, throttle_time_ms, brokers[]
          if (brokers > 0) finish({ ok: true, apiVersions, brokers });
          else finish({ ok: false, reason: 'broker answers but is not registered/unfenced yet' });
        }
      } catch (err) {
        finish({ ok: false, reason: `bad response: ${err.message}` });
      }
    });
  });
}

/**
 * Poll until a Kafka broker on host:port answers ApiVersions + Metadata (with itself registered).
 * Rejects with a KafkaBrokerError on timeout, or early if `opts.exited` (a promise) settles first.
 * @returns {Promise<{ms: number, apiVersions: Record<number, [number, number]>}>}
 */
export async function waitForKafka(port, timeoutMs = DEFAULT_TIMEOUT_MS, opts = {}) {
  const t0 = Date.now();
  const log = opts.log ?? (() => {});
  let lastReason = 'not probed';
  let lastLogged = t0;
  let exitedWith = null;
  opts.exited?.then((why) => {
    exitedWith = why ?? 'exited';
  });
  for (;;) {
    if (exitedWith) throw new KafkaBrokerError(`Kafka process ${exitedWith} before it answered on port ${port}`);
    const left = timeoutMs - (Date.now() - t0);
    if (left <= 0) {
      throw new KafkaBrokerError(
        `Kafka on ${opts.host ?? HOST}:${port} did not answer within ${Math.round(timeoutMs / 1000)} s (last: ${lastReason})`,
      );
    }
    const r = await probeKafka(port, { host: opts.host, timeoutMs: Math.min(3000, Math.max(left, 200)) });
    if (r.ok) return { ms: Date.now() - t0, apiVersions: r.apiVersions };
    lastReason = r.reason;
    if (Date.now() - lastLogged >= 5000) {
      lastLogged = Date.now();
      log(`still waiting for Kafka on port ${port} (${Math.round((lastLogged - t0) / 1000)} s: ${lastReason})`);
    }
    await sleep(opts.intervalMs ?? 200);
  }
}

// ---------------------------------------------------------------------------------------------
// broker process

function portFree(port, host = HOST) {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => res(true)));
  });
}

function newClusterId() {
  // A Kafka Uuid is 16 random bytes, base64url without padding; avoid a leading '-' (CLI arg).
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function renderServerProperties({ version, port, controllerPort, logDirs, properties }) {
  if (properties) {
    return `${[
      `# Written by test/brokers/kafka-broker.js for Kafka ${version} from the properties it was given.`,
      ...Object.entries({ ...properties, 'log.dirs': logDirs }).map(([k, v]) => `${k}=${v}`),
    ].join('\n')}\n`;
  }
  const lines = [
    `# Generated by test/brokers/kafka-broker.js for Kafka ${version}. Rewritten on every start.`,
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${HOST}:${controllerPort}`,
    `listeners=PLAINTEXT://${HOST}:${port},CONTROLLER://${HOST}:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://${HOST}:${port}`,
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${logDirs}`,
    'num.partitions=1',
    'default.replication.factor=1',
    'min.insync.replicas=1',
    'auto.create.topics.enable=true',
    'delete.topic.enable=true',
    'offsets.topic.replication.factor=1',
    // fewer internal partitions than the default 50: the first group join is much faster
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=10',
    'group.initial.rebalance.delay.ms=0',
    // After a SIGKILL the restarted broker cannot re-register until the controller expires the
    // dead incarnation's session (default 9 s, plus registration backoff ~= 14 s). Fault tests
    // restart a lot, so expire faster; heartbeats every 500 ms keep a live broker well inside it.
    'broker.session.timeout.ms=4000',
    'broker.heartbeat.interval.ms=500',
    'num.network.threads=2',
    'num.io.threads=4',
    'log.cleaner.dedupe.buffer.size=16777216',
  ];
  if (major(version) >= 4) {
    lines.push('share.coordinator.state.topic.replication.factor=1', 'share.coordinator.state.topic.min.isr=1');
  }
  return `${lines.join('\n')}\n`;
}

const LOG4J1 = `# Generated by test/brokers/kafka-broker.js (Kafka 3.x, reload4j): everything to stdout.
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.controller=INFO
log4j.logger.kafka.log.LogCleaner=INFO
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.authorizer.logger=WARN
log4j.logger.org.apache.zookeeper=WARN
`;

const LOG4J2 = `# Generated by test/brokers/kafka-broker.js (Kafka 4.x, log4j2): everything to stdout.
status = warn
appender.stdout.type = Console
appender.stdout.name = STDOUT
appender.stdout.layout.type = PatternLayout
appender.stdout.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.statechange.name = state.change.logger
logger.statechange.level = WARN
`;

/** Return the pid in <dataDir>/kafka.pid if that process is alive and is a Kafka broker, else null. */
export function runningPid(dataDir) {
  let pid;
  try {
    pid = Number.parseInt(readFileSync(join(dataDir, 'kafka.pid'), 'utf8'), 10);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if (err.code !== 'EPERM') return null;
  }
  try {
    // guard against a recycled pid
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (!cmd.includes('kafka.Kafka')) return null;
    if (/ <defunct>|^$/.test(cmd)) return null;
  } catch {
    /* no /proc: trust kill(0) */
  }
  return pid;
}

function tailFile(file, lines = 40) {
  try {
    // only this run's output (after the last "===== portwatch: starting" header)
    const all = readFileSync(file, 'utf8');
    const run = all.slice(Math.max(0, all.lastIndexOf('\n===== portwatch: starting')));
    return run.trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

const liveChildren = new Set();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Brokers started attached must not outlive the test process that started them.
  process.on('exit', () => {
    for (const c of liveChildren) {
      try {
        c.kill('SIGKILL');
      } catch {
        /* gone */
      }
    }
  });
}

/**
 * Format (if needed) and start a single-node KRaft broker on 127.0.0.1:<port>; resolve once it
 * answers the Kafka protocol. See kafka-broker.d.ts for the options.
 */
export async function startKafka(opts = {}) {
  const version = opts.version ?? KAFKA_VERSION;
  const port = opts.port ?? DEFAULT_PORT;
  const controllerPort = opts.controllerPort ?? port + 1;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const log = opts.log ?? (() => {});
  const t0 = Date.now();
  if (port === controllerPort) throw new KafkaBrokerError(`port and controllerPort must differ (both ${port})`);

  const java = findJava(version);
  const jars = await ensureKafkaJars({ version, cacheDir: opts.cacheDir, log });
  const dataDir = resolve(opts.dataDir ?? join(jars.cacheDir, `data-${port}`));
  const logDirs = join(dataDir, 'logs');
  const logFile = join(dataDir, 'kafka.log');
  const pidFile = join(dataDir, 'kafka.pid');

  const already = runningPid(dataDir);
  if (already) {
    throw new KafkaBrokerError(
      `a Kafka broker (pid ${already}) is already running on data dir ${dataDir}; stop it first`,
    );
  }
  for (const [what, p] of [
    ['port', port],
    ['controller port', controllerPort],
  ]) {
    if (!(await portFree(p))) {
      const probe = await probeKafka(p, { timeoutMs: 1500 });
      throw new KafkaBrokerError(
        `${what} ${HOST}:${p} is already in use` +
          (probe.ok ? ' (by a Kafka broker that answers)' : ' (by a process that is not a Kafka broker)'),
      );
    }
  }

  if (opts.fresh) {
    log(`--fresh: deleting ${dataDir}`);
    rmSync(dataDir, { recursive: true, force: true });
  }
  mkdirSync(logDirs, { recursive: true });
  const serverProps = join(dataDir, 'server.properties');
  writeFileSync(
    serverProps,
    renderServerProperties({ version, port, controllerPort, logDirs, properties: opts.properties }),
  );
  writeFileSync(join(dataDir, 'log4j.properties'), LOG4J1);
  writeFileSync(join(dataDir, 'log4j2.properties'), LOG4J2);

  const heap = opts.heap ?? '512m';
  const jvmArgs = [
    '-Xms64m',
    `-Xmx${heap}`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${join(dataDir, 'log4j.properties')}`,
    `-Dlog4j2.configurationFile=${join(dataDir, 'log4j2.properties')}`,
    `-Dkafka.logs.dir=${dataDir}`,
    '-cp',
    jars.classpath,
  ];

  if (!existsSync(join(logDirs, 'meta.properties'))) {
    const clusterId = newClusterId();
    log(`formatting KRaft storage in ${logDirs} (cluster id ${clusterId})`);
    const r = await run(
      java,
      [
        ...jvmArgs.filter((a) => !a.startsWith('-Xms')),
        'kafka.tools.StorageTool',
        'format',
        '-t',
        clusterId,
        '-c',
        serverProps,
      ],
      { cwd: dataDir },
    );
    if (r.code !== 0) {
      throw new KafkaBrokerError(`formatting KRaft storage failed (exit ${r.code}):\n${r.out.trim()}`);
    }
  } else {
    log(`reusing formatted data dir ${logDirs}`);
  }

  const stdio = opts.stdio ?? 'file';
  let fd = null;
  if (stdio === 'file') {
    fd = openSync(logFile, 'a');
    writeSync(
      fd,
      `\n===== portwatch: starting Kafka ${version} on ${HOST}:${port} (controller ${controllerPort}) at ${new Date().toISOString()} =====\n`,
    );
  }
  log(
    `starting Kafka ${version} on ${HOST}:${port} (controller ${HOST}:${controllerPort})` +
      (fd !== null ? `, log ${logFile}` : ''),
  );
  const child = spawn(java, [...jvmArgs, 'kafka.Kafka', serverProps], {
    cwd: dataDir,
    detached: Boolean(opts.detached),
    stdio: fd !== null ? ['ignore', fd, fd] : 'inherit',
  });
  if (fd !== null) closeSync(fd);
  if (child.pid === undefined) {
    const err = await new Promise((r) => child.once('error', r));
    throw new KafkaBrokerError(`could not start ${java}: ${err?.message}`);
  }
  const pid = child.pid;
  writeFileSync(pidFile, `${pid}\n`);

  let exitInfo = null;
  const exited = new Promise((res) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      liveChildren.delete(child);
      try {
        if (readFileSync(pidFile, 'utf8').trim() === String(pid)) rmSync(pidFile, { force: true });
      } catch {
        /* gone */
      }
      res(exitInfo);
    });
  });
  if (opts.detached) child.unref();
  else {
    installExitHook();
    liveChildren.add(child);
  }

  const exitedReason = exited.then((e) => `exited (code ${e.code}, signal ${e.signal})`);
  try {
    await waitForKafka(port, timeoutMs, { log, exited: exitedReason });
  } catch (err) {
    try {
      child.kill('SIGKILL');
    } catch {
      /* gone */
    }
    await Promise.race([exited, sleep(5000)]);
    const tail = fd !== null ? `\n--- last lines of ${logFile} ---\n${tailFile(logFile)}` : '';
    throw new KafkaBrokerError(`${err.message}${tail}`);
  }
  const startupMs = Date.now() - t0;
  log(`Kafka ${version} is up on ${HOST}:${port} (pid ${pid}, ${(startupMs / 1000).toFixed(1)} s)`);

  const kill = (signal = 'SIGKILL') => {
    if (exitInfo) return;
    try {
      process.kill(pid, signal);
    } catch {
      /* gone */
    }
  };
  const stop = async (stopOpts = {}) => {
    if (exitInfo) return;
    kill('SIGTERM');
    const graceMs = stopOpts.timeoutMs ?? 30_000;
    const timedOut = await Promise.race([exited.then(() => false), sleep(graceMs).then(() => true)]);
    if (timedOut) {
      kill('SIGKILL');
      await exited;
    }
  };
  return {
    port,
    controllerPort,
    brokers: `${HOST}:${port}`,
    pid,
    version,
    dataDir,
    logFile: fd !== null ? logFile : null,
    startupMs,
    exited,
    stop,
    kill,
  };
}

/**
 * Stop the broker recorded in <dataDir>/kafka.pid (SIGTERM, then SIGKILL after timeoutMs).
 * @returns {Promise<{pid: number | null, forced: boolean}>} pid null = nothing was running.
 */
export async function stopKafkaByPidFile(dataDir, opts = {}) {
  const pid = runningPid(dataDir);
  const pidFile = join(dataDir, 'kafka.pid');
  if (!pid) {
    rmSync(pidFile, { force: true });
    return { pid: null, forced: false };
  }
  const alive = () => {
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    try {
      // zombie (our own unreaped child) counts as dead
      return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return true;
    }
  };
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  while (alive() && Date.now() < deadline) await sleep(200);
  let forced = false;
  if (alive()) {
    forced = true;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    while (alive()) await sleep(100);
  }
  rmSync(pidFile, { force: true });
  return { pid, forced };
}
