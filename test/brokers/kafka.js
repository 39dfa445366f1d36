#!/usr/bin/env node
// `npm run kafka -- [start|stop|status|fetch] [--port 9092] [--controller-port 9093] [--foreground] [--fresh]`
// A real single-node KRaft Kafka broker on 127.0.0.1 for dev and CI (no Docker). See README.md here.
// Plain Node ESM, builtins only. Exit codes: 0 ok, 1 failure/timeout, 2 java or mvn missing, 3 status: not running.
import { join } from 'node:path';
import {
  DEFAULT_PORT,
  DEFAULT_TIMEOUT_MS,
  HOST,
  KAFKA_VERSION,
  KafkaBrokerError,
  ensureKafkaJars,
  findJava,
  kafkaCacheDir,
  probeKafka,
  runningPid,
  startKafka,
  stopKafkaByPidFile,
} from './kafka-broker.js';

const USAGE = `usage: node test/brokers/kafka.js [start|stop|status|fetch] [options]
  start (default)        start a broker in the background, return once it answers
  stop                   stop the broker started by 'start' (via its pid file)
  status                 say whether a broker answers on the port (exit 0) or not (exit 3)
  fetch                  only download the broker jars from Maven Central
options:
  --port N               client listener port (default ${DEFAULT_PORT}; env KAFKA_PORT)
  --controller-port N    KRaft controller port (default port+1)
  --foreground           run attached (logs to this terminal, Ctrl-C stops it)
  --fresh                delete the broker's data dir first (new cluster id, no topics)
  --timeout S            seconds to wait for the broker (default ${DEFAULT_TIMEOUT_MS / 1000})
Kafka ${KAFKA_VERSION}; cache: ${kafkaCacheDir()} (set PORTWATCH_CACHE to move it)`;

const say = (msg) => console.log(`[kafka] ${msg}`);

function parseArgs(argv) {
  const o = {
    cmd: 'start',
    port: Number(process.env.KAFKA_PORT) || DEFAULT_PORT,
    controllerPort: null,
    foreground: false,
    fresh: false,
    timeoutMs: DEFAULT_TIMEOUT_MS,
  };
  const num = (name, v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0 || n > 65535)
      throw new KafkaBrokerError(`${name} needs a port/number, got ${v}\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let val;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) {
      val = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    const next = () => (val !== undefined ? val : argv[++i]);
    switch (a) {
      case 'start':
      case 'stop':
      case 'status':
      case 'fetch':
        o.cmd = a;
        break;
      case '--port':
        o.port = num(a, next());
        break;
      case '--controller-port':
        o.controllerPort = num(a, next());
        break;
      case '--foreground':
        o.foreground = true;
        break;
      case '--fresh':
        o.fresh = true;
        break;
      case '--timeout':
        o.timeoutMs = num(a, next()) * 1000;
        break;
      case '-h':
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new KafkaBrokerError(`unknown argument: ${a}\n${USAGE}`);
    }
  }
  o.controllerPort ??= o.port + 1;
  return o;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const dataDir = join(kafkaCacheDir(), `data-${o.port}`);

  if (o.cmd === 'fetch') {
    const t0 = Date.now();
    const r = await ensureKafkaJars({ log: say });
    say(
      r.fetched
        ? `jars ready in ${r.libDir} (${r.jars.length} jars, ${((Date.now() - t0) / 1000).toFixed(1)} s)`
        : `jars already cached in ${r.libDir} (${r.jars.length} jars)`,
    );
    return 0;
  }

  if (o.cmd === 'status') {
    const pid = runningPid(dataDir);
    const p = await probeKafka(o.port, { timeoutMs: 2000 });
    if (p.ok) {
      say(
        `Kafka answers on ${HOST}:${o.port}` +
          (pid ? ` (pid ${pid}, data ${dataDir})` : ' (not started by this script)'),
      );
      return 0;
    }
    say(`no Kafka answering on ${HOST}:${o.port} (${p.reason})` + (pid ? `; pid ${pid} from ${dataDir} is alive` : ''));
    return 3;
  }

  if (o.cmd === 'stop') {
    const t0 = Date.now();
    const r = await stopKafkaByPidFile(dataDir);
    if (!r.pid) {
      const p = await probeKafka(o.port, { timeoutMs: 1500 });
      say(
        `no broker started by this script on port ${o.port} (no live pid in ${join(dataDir, 'kafka.pid')})` +
          (p.ok ? '; but something answers Kafka on that port, not stopping it' : ''),
      );
      return 0;
    }
    say(
      `stopped Kafka pid ${r.pid}${r.forced ? ' (SIGKILL after timeout)' : ''} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    return 0;
  }

  // start
  findJava(); // fail fast with exit 2 before anything else
  const p = await probeKafka(o.port, { timeoutMs: 2000 });
  if (p.ok) {
    const pid = runningPid(dataDir);
    say(
      `Kafka already answers on ${HOST}:${o.port}` +
        (pid ? ` (pid ${pid})` : '') +
        '; nothing to do' +
        (o.fresh ? ' (--fresh NOT applied: run stop first)' : ''),
    );
    return 0;
  }
  const t0 = Date.now();
  const broker = await startKafka({
    port: o.port,
    controllerPort: o.controllerPort,
    fresh: o.fresh,
    timeoutMs: o.timeoutMs,
    log: say,
    detached: !o.foreground,
    stdio: o.foreground ? 'inherit' : 'file',
  });
  say(`ready: brokers=${broker.brokers} pid=${broker.pid} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (!o.foreground) {
    say(
      `log: ${broker.logFile}; stop with: npm run kafka -- stop${o.port !== DEFAULT_PORT ? ` --port ${o.port}` : ''}`,
    );
    return 0;
  }
  say('running in the foreground; Ctrl-C to stop');
  let stopping = false;
  const onSignal = (sig) => {
    if (stopping) {
      broker.kill('SIGKILL');
      return;
    }
    stopping = true;
    say(`${sig}: stopping Kafka (again to force)...`);
    broker.kill('SIGTERM');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const e = await broker.exited;
  say(`Kafka exited (code ${e.code}, signal ${e.signal})`);
  return stopping ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    const msg = err instanceof KafkaBrokerError ? err.message : (err?.stack ?? String(err));
    console.error(`[kafka] error: ${msg}`);
    process.exit(err?.exitCode ?? 1);
  },
);
