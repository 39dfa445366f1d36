// Soak (a bench, not a timed test): steady MQTT load on real processes for minutes, RSS of
// every Portwatch process every 10 s, then every record accounted for — stored as an
// indicator or as a dead letter. SOAK_TARGET=embedded (one `portwatch start`) or scaled
// (ROLE=api + ROLE=worker on Kafka, PostgreSQL and the machine's Mosquitto);
// SOAK_RATE records/s (default 2000), SOAK_MINUTES (default 10). It opens with a burst of
// SOAK_BURST records (default 20,000; 0 skips it) sent as fast as the deployment takes them.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import pg from 'pg';
import { freePorts } from '../../../test/brokers/free-port.js';
import { badgeRecord } from '../../../test/support/records.ts';
import type { BenchSuite } from '../bench-suite.ts';
import { burst } from './soak-burst.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const RATE = Number(process.env.SOAK_RATE ?? 2000);
const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const TARGET = process.env.SOAK_TARGET ?? 'embedded';
const BURST = Number(process.env.SOAK_BURST ?? 20_000);
/** One record in this many is unreadable: it must end as a dead letter. */
const BAD_EVERY = 200;

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN; // the process is gone: reported below with its last output
  }
}

const outputs = new Map<ChildProcess, () => string>();

async function startProcess(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'portwatch.js'), 'start'], {
    cwd: ROOT,
    env: { ...process.env, SIMULATE: 'false', PORTWATCH_METRICS_PUBLIC: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-4000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-4000)));
  outputs.set(child, () => out);
  child.once('exit', (code, signal) => (out += `\n[exited: code ${code}, signal ${signal}]`));
  const deadline = Date.now() + 120_000;
  while (!out.includes('ready in')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`portwatch did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return child;
}

async function storedCounts(port: number): Promise<{ indicators: number; deadLetters: number }> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const n = (kind: string) =>
    Number(new RegExp(`portwatch_store_writes_total\\{kind="${kind}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  return { indicators: n('indicators'), deadLetters: n('deadLetters') };
}

export const suite: BenchSuite = {
  name: 'soak',
  description: `${MINUTES} min at ${RATE} records/s (ONVIF badge reads over MQTT, 1 in ${BAD_EVERY} unreadable) on the ${TARGET} deployment; RSS every 10 s; every record accounted for`,
  needs: TARGET === 'scaled' ? ['Kafka broker', 'PostgreSQL', 'Mosquitto on 1883'] : [],
  async run(report, log) {
    const dir = mkdtempSync(join(tmpdir(), 'portwatch-soak-'));
    const [port, apiPort, mqttPort] = await freePorts(3);
    const procs: { name: string; child: ChildProcess }[] = [];
    let mqttUrl: string;
    let dropDb = async () => {};
    try {
      if (TARGET === 'scaled') {
        const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
        const db = `portwatch_soak_${process.pid}`;
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${db}`);
        dropDb = async () => {
          await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
          await admin.end();
        };
        mqttUrl = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
        const common = {
          KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
          KAFKA_NAMESPACE: `soak${Date.now().toString(36)}`,
          DATA_DIR: dir,
        };
        procs.push({
          name: 'api',
          child: await startProcess({
            ...common,
            ROLE: 'api',
            PORT: String(apiPort),
            DATABASE_URL: url.replace(/\/[^/]*$/, `/${db}`),
          }),
        });
        procs.push({
          name: 'worker',
          child: await startProcess({
            ...common,
            ROLE: 'worker',
            PORT: String(port),
            MQTT_URL: mqttUrl,
            MQTT_CLIENT_ID: `soak-${process.pid}`,
          }),
        });
      } else {
        procs.push({
          name: 'embedded',
          child: await startProcess({ DATA_DIR: dir, PORT: String(apiPort), MQTT_PORT: String(mqttPort) }),
        });
        mqttUrl = `mqtt://127.0.0.1:${mqttPort}`;
      }
      let fromBurst = { indicators: 0, deadLetters: 0 };
      if (BURST > 0) {
        const b = await burst(mqttUrl, BURST, BAD_EVERY, () => storedCounts(apiPort));
        report('burst: acknowledged', b.ackedPerSec, 'records/s');
        report('burst: stored', b.storedPerSec, 'records/s');
        report('burst: most acknowledged but not yet stored', b.mostAckedNotStored, 'records');
        fromBurst = b.stored;
      }
      const pub = await mqtt.connectAsync(mqttUrl, { clientId: `soak-pub-${process.pid}` });
      const samples: Record<string, number[]> = Object.fromEntries(procs.map((p) => [p.name, []]));
      const sample = () => {
        for (const p of procs) samples[p.name].push(rssMb(p.child.pid!));
        log(procs.map((p) => `${p.name} ${samples[p.name].at(-1)!.toFixed(0)} MB`).join(', ') + `, sent ${sent}`);
      };
      let sent = 0;
      sample();
      const sampler = setInterval(sample, 10_000);
      const t0 = Date.now();
      const end = t0 + MINUTES * 60_000;
      const base = Date.now() - 3_600_000;
      let bad = 0;
      // Paced per 100 ms tick, at most a tick's worth at a time and 5,000 unacknowledged
      // (QoS 1): a publisher that falls behind sends less, and says so, rather than a burst.
      // Each record is unique (its badge and time), so each is one indicator.
      const inFlight = new Set<Promise<unknown>>();
      while (Date.now() < end) {
        const due = Math.min(Math.floor(((Date.now() - t0) / 1000) * RATE), sent + Math.ceil(RATE / 10));
        for (; sent < due && inFlight.size < 5000; sent++) {
          const r = badgeRecord(sent, base);
          const payload = sent % BAD_EVERY === BAD_EVERY - 1 ? (bad++, '<not an ONVIF event') : r.payload;
          const p = pub.publishAsync(r.topic, payload, { qos: 1 }).finally(() => inFlight.delete(p));
          inFlight.add(p);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      await Promise.all(inFlight);
      report('achieved send rate', sent / ((Date.now() - t0) / 1000), 'records/s');
      await pub.endAsync();
      log(`sent ${sent} records (${bad} unreadable) in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      // Drained: the counts stop moving or reach what was sent.
      const gone = procs.filter((p) => p.child.exitCode !== null || p.child.signalCode !== null);
      if (gone.length)
        throw new Error(`${gone.map((p) => `${p.name}: ${outputs.get(p.child)!().slice(-1500)}`).join('\n')}`);
      const paced = async () => {
        const c = await storedCounts(apiPort);
        return { indicators: c.indicators - fromBurst.indicators, deadLetters: c.deadLetters - fromBurst.deadLetters };
      };
      let counts = await paced();
      for (let i = 0; i < 120 && counts.indicators + counts.deadLetters < sent; i++) {
        await new Promise((r) => setTimeout(r, 1000));
        counts = await paced();
      }
      clearInterval(sampler);
      sample();
      report('records sent', sent, 'records');
      report('stored as indicators', counts.indicators, 'records');
      report('stored as dead letters', counts.deadLetters, 'records');
      report('unaccounted', sent - counts.indicators - counts.deadLetters, 'records');
      for (const [name, mb] of Object.entries(samples)) {
        log(`${name} RSS (MB, every 10 s): ${mb.map((m) => m.toFixed(0)).join(' ')}`);
        // After warm-up (the first fifth): how far the rest strays from where it started.
        const after = mb.slice(Math.max(1, Math.floor(mb.length / 5)));
        const start = after[0];
        report(`${name} RSS after warm-up`, start, 'MB');
        report(`${name} RSS at the end`, after.at(-1)!, 'MB');
        report(`${name} RSS max growth after warm-up`, ((Math.max(...after) - start) / start) * 100, '%');
      }
    } finally {
      for (const p of procs) p.child.kill('SIGTERM');
      await Promise.all(
        procs.map((p) => new Promise((r) => (p.child.exitCode !== null ? r(null) : p.child.once('exit', r)))),
      );
      await dropDb();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
