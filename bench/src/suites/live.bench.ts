// The live stream under load: the embedded system (embedded MQTT broker, in-process bus,
// PGlite) takes 2,000 mixed records/s — AIS positions and badge swipes over MQTT, Suricata
// alerts on the bus — and K WebSocket clients read /api/live as the browser does. Figures:
// publish → receipt delay of each vessel's fix, messages/s and bytes/s per client; then
// the server's RSS holding 20,000 live tracks with 5 clients connected. Reference in the
// same run: a bare ws server sending messages of the same sizes at the same rate.
// LIVE_BENCH_SECONDS (20) and LIVE_BENCH_CLIENTS (5) change the run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import mqtt from 'mqtt';
import { LIVE_PATH, TOPICS, indicatorMessage, liveProtocols, type Indicator } from '@portwatch/schema';
import { startSystem } from '@portwatch/system';
import { encodeAisPosition } from '../../../simulators/src/encoders/nmea.ts';
import { badgeRecord, eveRecord } from '../../../test/support/records.ts';
import type { BenchSuite } from '../bench-suite.ts';
import { openLiveClient, percentile, type LiveClient } from './live-clients.ts';
import { wsEchoReference } from './ws-echo-reference.ts';
import { hubAlone } from './live-hub-alone.ts';

const SECONDS = Number(process.env.LIVE_BENCH_SECONDS ?? 20);
const CLIENTS = Number(process.env.LIVE_BENCH_CLIENTS ?? 5);
const TICK_MS = 50;
/** Per second: AIS under the feed's 500/s limit, badges over MQTT, IDS alerts on the bus. */
const RATE = { ais: 400, badge: 400, eve: 1200 };
const VESSELS = 2000;
const RSS_TRACKS = 20_000;

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// As the NMEA decoder writes a position report, for the RSS phase (put on the bus directly).
function positionIndicator(n: number, now: number): Indicator {
  const mmsi = String(300000000 + n);
  return {
    id: `bench-ais:${mmsi}:${now}`,
    time: new Date(now).toISOString(),
    ingestTime: new Date(now).toISOString(),
    mode: 'live',
    siteId: 'valencia',
    zoneId: null,
    domain: 'physical',
    type: 'ais.position',
    title: `MMSI ${mmsi}: under way using engine, 11.2 kn, course 87.0°`,
    severity: 1,
    confidence: 0.8,
    location: { lat: 39.3 + (n % 200) / 1000, lon: -0.4 + Math.floor(n / 200) / 1000 },
    source: { feed: 'ais', format: 'nmea', sensorId: null },
    observables: [{ type: 'mmsi', value: mmsi }],
    tags: ['ais'],
  };
}

export const suite: BenchSuite = {
  name: 'live',
  description: `embedded system, ${RATE.ais + RATE.badge + RATE.eve} mixed records/s for ${SECONDS} s, ${CLIENTS} WebSocket clients; RSS at ${RSS_TRACKS} tracks`,
  async run(report, log) {
    const dataDir = mkdtempSync(join(tmpdir(), 'portwatch-bench-live-'));
    const system = await startSystem(
      {
        role: 'all',
        riskHalfLifeMs: 900_000,
        allowedLatenessMs: 300_000,
        port: 0,
        mqttPort: 0,
        dataDir,
        siteId: 'valencia',
        simulate: false,
        scenarioEveryMs: 3_600_000,
        decodeThreads: 1,
      },
      () => {},
      null,
    );
    const clients: LiveClient[] = [];
    const pub = await mqtt.connectAsync(system.mqttUrl, { clientId: `bench-live-${process.pid}` });
    try {
      const token = system.firstStartToken?.token ?? null;
      const url = `ws://127.0.0.1:${system.port}${LIVE_PATH}`;
      // Vessel MMSI + the speed it reported → when that report was published.
      const published = new Map<string, number>();
      const seq = new Array<number>(VESSELS).fill(0);
      const publishedAt = (mmsi: string, speed: number | undefined) =>
        speed === undefined ? undefined : published.get(`${mmsi}:${speed.toFixed(1)}`);
      for (let i = 0; i < CLIENTS; i++) clients.push(await openLiveClient(url, liveProtocols(token), publishedAt));

      let n = 0;
      const perTick = {
        ais: (RATE.ais * TICK_MS) / 1000,
        badge: (RATE.badge * TICK_MS) / 1000,
        eve: (RATE.eve * TICK_MS) / 1000,
      };
      const tick = async () => {
        const now = performance.timeOrigin + performance.now();
        const sends: Promise<unknown>[] = [];
        for (let i = 0; i < perTick.ais; i++) {
          const v = (n * perTick.ais + i) % VESSELS;
          // The speed tells reports of one vessel apart: 1,000 values, one report every 5 s.
          const sog = (seq[v]++ % 1000) / 10;
          const mmsi = String(247000000 + v);
          published.set(`${mmsi}:${sog.toFixed(1)}`, now);
          const [sentence] = encodeAisPosition({
            mmsi,
            navStatus: 0,
            sog,
            cog: 90,
            heading: 90,
            second: 0,
            lat: 39.42 + (v % 50) / 2000,
            lon: -0.33 + Math.floor(v / 50) / 2000,
          });
          sends.push(pub.publishAsync('valencia/ais/rx-bench', sentence, { qos: 1 }));
        }
        for (let i = 0; i < perTick.badge; i++) {
          const r = badgeRecord(n * perTick.badge + i, Date.now());
          sends.push(pub.publishAsync(r.topic, r.payload, { qos: 1 }));
        }
        const eve = Array.from({ length: perTick.eve }, (_, i) => ({
          key: null,
          value: eveRecord(n * perTick.eve + i, Date.now()),
          timestamp: Date.now(),
        }));
        sends.push(system.bus.publish('valencia.suricata.eve', eve));
        n++;
        await Promise.all(sends);
      };

      // A few seconds to warm up, then the measured run.
      const run = async (seconds: number) => {
        const start = Date.now();
        let late = 0;
        for (let k = 0; Date.now() - start < seconds * 1000; k++) {
          const due = start + k * TICK_MS;
          if (Date.now() < due) await new Promise((r) => setTimeout(r, due - Date.now()));
          else late++;
          await tick();
        }
        return { ms: Date.now() - start, late };
      };
      await run(3);
      await new Promise((r) => setTimeout(r, 1000));
      for (const c of clients) c.reset();
      // How late this process's event loop runs: everything (broker, ingest, store, hub, clients) shares it.
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const { ms, late } = await run(SECONDS);
      loop.disable();
      await new Promise((r) => setTimeout(r, 1000));
      const seconds = (ms + 1000) / 1000;
      const delays = clients.flatMap((c) => c.stats.delays);
      const sent = n * (perTick.ais + perTick.badge + perTick.eve);
      log(`${sent} records published; ${late} ticks late; ${delays.length} fixes received by ${CLIENTS} clients`);
      if (!delays.length) throw new Error('no fix reached the clients');
      report('publish → receipt delay p50', percentile(delays, 50), 'ms');
      report('publish → receipt delay p95', percentile(delays, 95), 'ms');
      report('publish → receipt delay p99 (target ≤ 100)', percentile(delays, 99), 'ms');
      const afterIngest = clients.flatMap((c) => c.stats.afterIngest);
      report(
        'of which ingest → receipt p50 (correlation, bus, store writer, hub, ws)',
        percentile(afterIngest, 50),
        'ms',
      );
      report('of which ingest → receipt p99', percentile(afterIngest, 99), 'ms');
      report('reference: event loop delay p99 of this process during the run', loop.percentile(99) / 1e6, 'ms');
      report('messages per client', clients[0].stats.messages / seconds, 'msg/s');
      report('bytes per client', clients[0].stats.bytes / seconds, 'B/s');
      const sizes = clients[0].stats.sizes;
      const ref = await wsEchoReference(sizes, clients[0].stats.messages / seconds, CLIENTS);
      report('reference: bare ws send → receipt p50, same message sizes and rate', ref.p50, 'ms');
      report('reference: bare ws send → receipt p99, same message sizes and rate', ref.p99, 'ms');

      const alone = await hubAlone(RATE.ais + RATE.badge + RATE.eve, Math.min(SECONDS, 10), CLIENTS);
      report('reference: hub alone, hand-over → receipt p50 (same rate, no pipeline)', alone.p50, 'ms');
      report('reference: hub alone, hand-over → receipt p99 (same rate, no pipeline)', alone.p99, 'ms');

      const rssBefore = process.memoryUsage().rss;
      // RSS with 20,000 live tracks: positions on the bus's indicator topic, as ingest publishes them.
      const now = Date.now();
      for (let i = 0; i < RSS_TRACKS; i += 1000)
        await system.bus.publish(
          TOPICS.indicators,
          Array.from({ length: 1000 }, (_, k) => indicatorMessage(positionIndicator(i + k, now))),
        );
      await waitFor(() => clients[0].stats.tracks.size >= RSS_TRACKS, 120_000, `${RSS_TRACKS} tracks at the clients`);
      while (clients.length > 5) clients.pop()!.close();
      while (clients.length < 5) clients.push(await openLiveClient(url, liveProtocols(token), publishedAt));
      await new Promise((r) => setTimeout(r, 2000));
      global.gc?.();
      const mem = process.memoryUsage();
      log(`tracks known to a client: ${clients[0].stats.tracks.size}; the clients run in this process too`);
      report(`process RSS, ${RSS_TRACKS}+ live tracks, 5 clients`, mem.rss / 1024 / 1024, 'MiB');
      report(`process RSS growth for ${RSS_TRACKS} tracks and 5 snapshots`, (mem.rss - rssBefore) / 1024 / 1024, 'MiB');
      report(`snapshot size at ${RSS_TRACKS}+ tracks`, clients.at(-1)!.stats.snapshotBytes / 1024 / 1024, 'MiB');
      report(`JS heap used, ${RSS_TRACKS}+ live tracks, 5 clients`, mem.heapUsed / 1024 / 1024, 'MiB');
    } finally {
      for (const c of clients) c.close();
      await pub.endAsync();
      await system.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
