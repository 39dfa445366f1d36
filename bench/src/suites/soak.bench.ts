// Soak (a bench, not a timed test): steady MQTT load on real processes for minutes, the memory
// of every Portwatch process every 10 s (RSS, and from /metrics where it is: V8 heap, outside
// it, PGlite's WebAssembly memory, correlation's windows), then every record accounted for —
// stored as an indicator or as a dead letter, after the pipeline has drained.
// SOAK_TARGET=embedded (one `portwatch start`) or scaled (ROLE=api + ROLE=worker on Kafka and
// PostgreSQL, with a Mosquitto of its own configured like docker/mosquitto.conf);
// SOAK_RATE records/s (default 2000), SOAK_MINUTES measured after the warm-up (default 10), so the
// load runs SOAK_WARMUP_MINUTES (default 12) + SOAK_MINUTES,
// SOAK_NODE_ARGS: flags for the Portwatch processes' node (e.g. to compare V8 heap settings).
// It opens with a burst of SOAK_BURST records (default 20,000; 0 skips it) sent as fast as the
// deployment takes them (soak-burst.ts); the paced phase and its accounting come after it.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import pg from 'pg';
import { siteDir } from '@portwatch/dashboards';
import { freePorts } from '../../../test/brokers/free-port.js';
import { startMosquitto, type MosquittoHandle } from '../../../test/brokers/mosquitto.js';
import { BADGE_READERS, badgeRecord } from '../../../test/support/records.ts';
import type { BenchSuite } from '../bench-suite.ts';
import { burst } from './soak-burst.ts';
import { cpuSeconds, fetchMetrics, parseSample, rssMb, type ProcessSample } from '../soak/read-metrics.ts';
import { flatness } from '../soak/series.ts';
import { feedCounts, storeWriterTopics } from '../soak/where-records-are.ts';
import { STORE_WRITER_GROUP } from '@portwatch/api';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const RATE = Number(process.env.SOAK_RATE ?? 2000);
const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const TARGET = process.env.SOAK_TARGET ?? 'embedded';
const BURST = Number(process.env.SOAK_BURST ?? 20_000);
/**
 * Memory rises until correlation's windows are full: every badge read is kept for the longest
 * window it can join (cloned-badge, 2 min) plus the allowed lateness (ALLOWED_LATENESS_S, 5 min).
 * The live heap settles a few minutes later still (the windows' buffers last double at ~12 min
 * at 2,000 records/s: 207 → 241 MB, then flat to 30 min). Flatness is judged on the samples after.
 */
const WARMUP_MIN = Number(process.env.SOAK_WARMUP_MINUTES ?? 12);
const SAMPLE_S = 10;
/** One record in this many is unreadable: it must end as a dead letter. */
const BAD_EVERY = 200;
/**
 * Badge holders swiping in turn: a port's staff, not a new badge a read. A multiple of the
 * readers, so each badge stays at its reader (steady load, not a storm of cloned-badge incidents).
 */
const BADGES = BADGE_READERS * 1000;
/** Stop waiting for the stored counts when they have not moved for this long (SOAK_STILL_S). */
const DRAINED_AFTER_S = Number(process.env.SOAK_STILL_S ?? 20);
/** The soak's site's badge feed (feeds.yaml). */
const FEED = 'access-control';

const outputs = new Map<ChildProcess, () => string>();
/** Lines worth keeping whole from a process's log, however long it runs: its sources' status. */
const NOTABLE = /mqtt source|takeover|not acknowledged|kafka partitions assigned|publish failed|"level":"error"/;
const notable = new Map<ChildProcess, string[]>();
/** Processes the soak is stopping itself: their exit is expected. */
const stopping = new Set<ChildProcess>();

/**
 * Starts one Portwatch process. Its whole output goes to a file that outlives the run (named in
 * the bench's log), and an exit while the soak runs is said at once, with the output's end.
 */
async function startProcess(
  name: string,
  env: Record<string, string>,
  log: (line: string) => void,
): Promise<ChildProcess> {
  const nodeArgs = (process.env.SOAK_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'bin', 'portwatch.js'), 'start'], {
    cwd: ROOT,
    env: { ...process.env, SIMULATE: 'false', PORTWATCH_METRICS_PUBLIC: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const file = join(tmpdir(), `portwatch-soak-${process.pid}-${name}.log`);
  const whole = createWriteStream(file);
  log(`${name}: pid ${child.pid}, output in ${file}`);
  let out = '';
  const kept: string[] = [];
  notable.set(child, kept);
  // Both streams: the start banner goes to stdout, the JSON log lines to stderr.
  for (const stream of [child.stdout!, child.stderr!]) {
    let partial = '';
    stream.on('data', (d) => {
      whole.write(d);
      out = (out + d).slice(-4000);
      const lines = (partial + d).split('\n');
      partial = lines.pop()!;
      for (const l of lines) if (NOTABLE.test(l) && kept.length < 200) kept.push(l.slice(0, 400));
    });
  }
  outputs.set(child, () => out);
  child.once('exit', (code, signal) => {
    out += `\n[exited: code ${code}, signal ${signal}]`;
    if (!stopping.has(child))
      log(`${name} EXITED while the soak ran (code ${code}, signal ${signal}):\n${out.slice(-3000)}`);
  });
  const deadline = Date.now() + 120_000;
  while (!out.includes('ready in')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`portwatch did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return child;
}

/**
 * Valencia with the access feed's rate limit above the soak's rate: the soak measures steady
 * load the feed is declared for (shedding over a limit is the flood test's subject).
 */
function siteForRate(dir: string): string {
  const copy = join(dir, 'valencia');
  cpSync(siteDir('valencia'), copy, { recursive: true });
  const feeds = join(copy, 'feeds.yaml');
  const text = readFileSync(feeds, 'utf8');
  const lifted = text.replace(/(id: access-control[\s\S]*?format: onvif\n)/, `$1    maxRatePerSec: ${RATE * 2}\n`);
  if (lifted === text) throw new Error(`${feeds}: no access-control feed to lift the rate of`);
  writeFileSync(feeds, lifted);
  return copy;
}

/** Mosquitto's queue limits from the compose configuration (its defaults drop past 1,000 queued). */
function composeQueueSettings(): string[] {
  const conf = readFileSync(join(ROOT, 'docker', 'mosquitto.conf'), 'utf8');
  return conf.split('\n').filter((l) => /^(max_queued_messages|max_queued_bytes|max_inflight_messages)\s/.test(l));
}

/** Indicators and dead letters stored. */
async function rowsIn(c: pg.Client): Promise<{ indicators: number; deadLetters: number }> {
  const n = async (table: string) => Number((await c.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  return { indicators: await n('indicators'), deadLetters: await n('dead_letters') };
}

/**
 * The seconds of the paced phase's event time (badgeRecord: t0 + floor(n × gap), 1 in
 * BAD_EVERY unreadable) with fewer indicators stored than good records sent.
 */
async function shortSeconds(
  c: pg.Client,
  t0: number,
  sent: number,
  gapMs: number,
): Promise<{ second: number; stored: number; expected: number }[]> {
  const expected = new Map<number, number>();
  for (let n = 0; n < sent; n++) {
    if (n % BAD_EVERY === BAD_EVERY - 1) continue;
    const sec = Math.floor(Math.floor(n * gapMs) / 1000);
    expected.set(sec, (expected.get(sec) ?? 0) + 1);
  }
  const { rows } = await c.query(
    `SELECT floor((extract(epoch FROM time) * 1000 - $1) / 1000)::int AS s, count(*)::int AS n
       FROM indicators WHERE time >= to_timestamp($1 / 1000.0) GROUP BY 1`,
    [t0],
  );
  const stored = new Map(rows.map((r: { s: number; n: number }) => [r.s, r.n]));
  return [...expected]
    .filter(([sec, n]) => (stored.get(sec) ?? 0) < n)
    .map(([second, n]) => ({ second, stored: stored.get(second) ?? 0, expected: n }));
}

interface Proc {
  name: string;
  child: ChildProcess;
  metricsPort: number;
  samples: ProcessSample[];
}

export const suite: BenchSuite = {
  name: 'soak',
  description: `${WARMUP_MIN} + ${MINUTES} min at ${RATE} records/s (ONVIF badge reads over MQTT, ${BADGES} badges, 1 in ${BAD_EVERY} unreadable) on the ${TARGET} deployment; memory every ${SAMPLE_S} s, flat after a ${WARMUP_MIN}-min warm-up; every record accounted for`,
  needs: TARGET === 'scaled' ? ['Kafka broker', 'PostgreSQL', 'the mosquitto binary'] : [],
  async run(report, log) {
    const dir = mkdtempSync(join(tmpdir(), 'portwatch-soak-'));
    const [port, apiPort, mqttPort] = await freePorts(3);
    const procs: Proc[] = [];
    let broker: MosquittoHandle | null = null;
    let mqttUrl: string;
    let dropDb = async () => {};
    /** On the scaled deployment: a query on the soak's own database. */
    let inDb: (<T>(query: (c: pg.Client) => Promise<T>) => Promise<T>) | null = null;
    let namespace = '';
    const site = siteForRate(dir);
    try {
      if (TARGET === 'scaled') {
        const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
        const db = `portwatch_soak_${process.pid}`;
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${db}`);
        const dbUrl = url.replace(/\/[^/]*$/, `/${db}`);
        inDb = async <T>(query: (c: pg.Client) => Promise<T>) => {
          const c = new pg.Client({ connectionString: dbUrl });
          await c.connect();
          try {
            return await query(c);
          } finally {
            await c.end();
          }
        };
        dropDb = async () => {
          await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
          await admin.end();
        };
        broker = await startMosquitto({
          port: mqttPort,
          persistenceDir: join(dir, 'mosquitto'),
          extraConfig: composeQueueSettings(),
        });
        mqttUrl = broker.url;
        const common = {
          KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
          KAFKA_NAMESPACE: (namespace = `soak${Date.now().toString(36)}`),
          DATA_DIR: dir,
          SITE: site,
        };
        const api = await startProcess(
          'api',
          {
            ...common,
            ROLE: 'api',
            PORT: String(apiPort),
            DATABASE_URL: dbUrl,
          },
          log,
        );
        procs.push({ name: 'api', child: api, metricsPort: apiPort, samples: [] });
        const worker = await startProcess(
          'worker',
          {
            ...common,
            ROLE: 'worker',
            PORT: String(port),
            MQTT_URL: mqttUrl,
            MQTT_CLIENT_ID: `soak-${process.pid}`,
          },
          log,
        );
        procs.push({ name: 'worker', child: worker, metricsPort: port, samples: [] });
      } else {
        const embedded = await startProcess(
          'embedded',
          {
            DATA_DIR: dir,
            SITE: site,
            PORT: String(apiPort),
            MQTT_PORT: String(mqttPort),
          },
          log,
        );
        procs.push({ name: 'embedded', child: embedded, metricsPort: apiPort, samples: [] });
        mqttUrl = `mqtt://127.0.0.1:${mqttPort}`;
      }
      const storedNow = async () => parseSample(await fetchMetrics(apiPort), NaN).stored!;
      let fromBurst = { indicators: 0, deadLetters: 0 };
      if (BURST > 0) {
        const b = await burst(mqttUrl, BURST, BAD_EVERY, storedNow);
        report('burst: acknowledged', b.ackedPerSec, 'records/s');
        report('burst: stored', b.storedPerSec, 'records/s');
        report('burst: most acknowledged but not yet stored', b.mostAckedNotStored, 'records');
        fromBurst = b.stored;
      }
      const pub = await mqtt.connectAsync(mqttUrl, { clientId: `soak-pub-${process.pid}` });
      let sent = 0;
      const readStatus = (pid: number) => readFileSync(`/proc/${pid}/status`, 'utf8');
      const sample = async () => {
        const line: string[] = [];
        for (const p of procs) {
          const rss = rssMb(p.child.pid!, readStatus);
          const s = await fetchMetrics(p.metricsPort).then(
            (text) => parseSample(text, rss),
            () => parseSample('', rss),
          );
          p.samples.push(s);
          line.push(
            `${p.name} rss ${s.rssMb.toFixed(0)} heap ${s.heapUsedMb.toFixed(0)}/${s.heapTotalMb.toFixed(0)} ext ${s.externalMb.toFixed(0)}` +
              (s.pgliteMb !== null ? ` pglite ${s.pgliteMb.toFixed(0)}` : '') +
              (s.windowEntries !== null ? ` windows ${s.windowEntries}` : '') +
              (s.stored ? ` stored ${s.stored.indicators + s.stored.deadLetters}` : ''),
          );
        }
        log(`${line.join(' | ')} MB; sent ${sent}`);
      };
      const stored = () => procs.find((p) => p.samples.at(-1)?.stored)?.samples.at(-1)?.stored ?? null;
      await sample();
      let sampling = Promise.resolve();
      const sampler = setInterval(() => (sampling = sampling.then(sample)), SAMPLE_S * 1000);
      const load0 = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
      const cpu = () =>
        procs.map((p) => {
          try {
            return cpuSeconds(readFileSync(`/proc/${p.child.pid}/stat`, 'utf8'));
          } catch {
            return NaN; // gone: said when it exited, and the run fails below
          }
        });
      const cpu0 = cpu();
      const t0 = Date.now();
      const end = t0 + (WARMUP_MIN + MINUTES) * 60_000;
      let bad = 0;
      // Paced per 100 ms tick, at most a tick's worth at a time and 5,000 unacknowledged
      // (QoS 1): a publisher that falls behind sends less, and says so, rather than a burst.
      // Event time is when each record is due, so windows hold what a real port's would.
      const gapMs = 1000 / RATE;
      const inFlight = new Set<Promise<unknown>>();
      const anyGone = () => procs.some((p) => p.child.exitCode !== null || p.child.signalCode !== null);
      while (Date.now() < end && !anyGone()) {
        const due = Math.min(Math.floor(((Date.now() - t0) / 1000) * RATE), sent + Math.ceil(RATE / 10));
        for (; sent < due && inFlight.size < 5000; sent++) {
          const r = badgeRecord(sent, t0, { gapMs, badges: BADGES });
          const payload = sent % BAD_EVERY === BAD_EVERY - 1 ? (bad++, '<not an ONVIF event') : r.payload;
          const p = pub.publishAsync(r.topic, payload, { qos: 1 }).finally(() => inFlight.delete(p));
          inFlight.add(p);
        }
        // To the next tick boundary: sending takes time, and a fixed 100 ms sleep on top of it
        // paced 5,000/s at ~4,800.
        await new Promise((r) => setTimeout(r, 100 - ((Date.now() - t0) % 100)));
      }
      await Promise.all(inFlight);
      const sendS = (Date.now() - t0) / 1000;
      report('achieved send rate', sent / sendS, 'records/s');
      const cpu1 = cpu();
      procs.forEach((p, i) => report(`${p.name} CPU per 1,000 records`, ((cpu1[i] - cpu0[i]) / sent) * 1e6, 'ms'));
      // The machine is shared: what else ran decides how far the figures can be trusted.
      report('load average (1 min) at the start', Number(load0), '');
      report('load average (1 min) at the end', Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]), '');
      await pub.endAsync();
      log(`sent ${sent} records (${bad} unreadable) in ${sendS.toFixed(0)} s`);
      const gone = procs.filter((p) => p.child.exitCode !== null || p.child.signalCode !== null);
      if (gone.length)
        throw new Error(`${gone.map((p) => `${p.name}: ${outputs.get(p.child)!().slice(-1500)}`).join('\n')}`);

      // Drained: every record stored, or the counts have stopped moving (what is missing then
      // is lost, not late). Sampling goes on meanwhile, so memory after the load shows too.
      const drainStart = Date.now();
      const count = async () => {
        const s = await storedNow();
        return s.indicators + s.deadLetters - fromBurst.indicators - fromBurst.deadLetters;
      };
      let total = await count();
      let movedAt = Date.now();
      while (total < sent && Date.now() - movedAt < DRAINED_AFTER_S * 1000 && Date.now() - drainStart < 600_000) {
        await new Promise((r) => setTimeout(r, 1000));
        const next = await count();
        if (next !== total) movedAt = Date.now();
        total = next;
      }
      clearInterval(sampler);
      await sampling;
      await sample();
      const all = stored()!;
      const counts = {
        indicators: all.indicators - fromBurst.indicators,
        deadLetters: all.deadLetters - fromBurst.deadLetters,
      };
      report('drain after the last record sent', (Date.now() - drainStart) / 1000, 's');
      report('records sent (paced phase)', sent, 'records');
      report('stored as indicators', counts.indicators, 'records');
      report('stored as dead letters', counts.deadLetters, 'records');
      report('unaccounted', sent - counts.indicators - counts.deadLetters, 'records');
      // Where the records are, burst included: what each process counted at each step, and on the
      // scaled deployment what Kafka and PostgreSQL hold. Totals since each process started.
      report('records sent in all (burst + paced)', sent + BURST, 'records');
      for (const p of procs) {
        const f = await fetchMetrics(p.metricsPort).then((t) => feedCounts(t, FEED));
        if (f.received === 0 && f.busDropped === 0) continue;
        report(`${p.name}: ${FEED} received`, f.received, 'records');
        report(`${p.name}: ${FEED} indicators`, f.indicators, 'records');
        report(`${p.name}: ${FEED} rejected (shed included)`, f.rejected, 'records');
        report(`${p.name}: ${FEED} shed`, f.shed, 'records');
        report(`${p.name}: ${FEED} still queued`, f.queued, 'records');
        report(`${p.name}: bus messages dropped`, f.busDropped, 'messages');
      }
      if (TARGET === 'scaled') {
        const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
        for (const t of await storeWriterTopics(brokers, namespace, STORE_WRITER_GROUP)) {
          report(`kafka ${t.topic}: records on the topic`, t.onTopic, 'records');
          report(`kafka ${t.topic}: store writer behind by`, t.onTopic - t.committed, 'records');
        }
        const rows = await inDb!(rowsIn);
        report('PostgreSQL rows: indicators', rows.indicators, 'rows');
        report('PostgreSQL rows: dead letters', rows.deadLetters, 'rows');
        // Which records are missing, by when they were due: a block (a stall, a lost session)
        // and a scatter (a race) are different faults.
        const short = await inDb!((c) => shortSeconds(c, t0, sent, gapMs));
        report('event-time seconds with fewer indicators than sent', short.length, 'seconds');
        for (const g of short.slice(0, 30))
          log(`  second ${g.second} of the paced phase: ${g.stored} indicators stored, ${g.expected} sent`);
      }
      for (const p of procs) {
        const lines = notable.get(p.child)!;
        log(`${p.name}: ${lines.length} notable log lines${lines.length ? ':' : ''}`);
        for (const l of lines.slice(0, 40)) log(`  ${l}`);
      }
      if (broker) {
        // Mosquitto says when it drops messages for a client whose queue is full.
        const brokerLog = readFileSync(broker.logFile, 'utf8');
        const drops = brokerLog.match(/Outgoing messages are being dropped/g)?.length ?? 0;
        report('broker reports of dropped messages', drops, 'times');
        // The worker's session: connected once, or dropped (keepalive missed) and resumed.
        const sessions = brokerLog.split('\n').filter((l) => l.includes(`soak-${process.pid}`));
        report('broker log lines about the worker session', sessions.length, 'lines');
        for (const l of sessions.slice(0, 20)) log(`  mosquitto: ${l}`);
      }

      // Samples taken while the load ran, after warm-up (the drain's are shown, not judged).
      const loadSamples = Math.floor(sendS / SAMPLE_S) + 1;
      const warm = Math.ceil((WARMUP_MIN * 60) / SAMPLE_S);
      log(`warm-up: the first ${WARMUP_MIN} min (${warm} samples); the load ran ${loadSamples} samples`);
      for (const p of procs) {
        const series = (f: (s: ProcessSample) => number | null) => p.samples.map((s) => f(s) ?? NaN);
        const fmt = (v: number[]) => v.map((x) => (Number.isFinite(x) ? x.toFixed(0) : '-')).join(' ');
        log(`${p.name} RSS (MB, every ${SAMPLE_S} s): ${fmt(series((s) => s.rssMb))}`);
        log(`${p.name} V8 heap used (MB): ${fmt(series((s) => s.heapUsedMb))}`);
        log(`${p.name} V8 heap total (MB): ${fmt(series((s) => s.heapTotalMb))}`);
        log(`${p.name} external (MB): ${fmt(series((s) => s.externalMb))}`);
        if (p.samples.some((s) => s.pgliteMb !== null))
          log(`${p.name} PGlite WASM (MB): ${fmt(series((s) => s.pgliteMb))}`);
        // The spaces that hold more than a few MB at some point: where a growing heap total is.
        const spaces = [...new Set(p.samples.flatMap((s) => [...s.heapSpaces.keys()]))];
        for (const name of spaces) {
          const size = series((s) => s.heapSpaces.get(name)?.size ?? null);
          if (Math.max(...size.filter(Number.isFinite)) < 8) continue;
          log(
            `${p.name} V8 ${name} size/used (MB): ${p.samples
              .map((s) => {
                const sp = s.heapSpaces.get(name);
                return sp ? `${sp.size.toFixed(0)}/${sp.used.toFixed(0)}` : '-';
              })
              .join(' ')}`,
          );
        }
        if (p.samples.some((s) => s.windowEntries !== null))
          log(`${p.name} correlation window entries: ${fmt(series((s) => s.windowEntries))}`);
        const after = series((s) => s.rssMb).slice(warm, loadSamples);
        const f = flatness(after, SAMPLE_S);
        if (!f) {
          log(`${p.name}: the load ran no longer than the warm-up: flatness not judged`);
          continue;
        }
        report(`${p.name} RSS after warm-up, first`, f.first, 'MB');
        report(`${p.name} RSS after warm-up, min`, f.min, 'MB');
        report(`${p.name} RSS after warm-up, max`, f.max, 'MB');
        report(`${p.name} RSS after warm-up, last`, f.last, 'MB');
        report(`${p.name} RSS spread after warm-up (max/min − 1)`, f.spreadPct, '%');
        report(`${p.name} RSS trend after warm-up`, f.slopePerMin, 'MB/min');
        report(`${p.name} RSS per-minute minima spread after warm-up`, f.floorSpreadPct, '%');
      }
    } finally {
      for (const p of procs) {
        stopping.add(p.child);
        p.child.kill('SIGTERM');
      }
      await Promise.all(
        procs.map((p) => new Promise((r) => (p.child.exitCode !== null ? r(null) : p.child.once('exit', r)))),
      );
      await broker?.stop();
      await dropDb();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
