// The hub's own share of the live delay: the same 2,000 records/s handed straight to a LiveHub
// behind a ws server (no broker, decode, correlation or store), read by the same clients.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { LiveHub } from '@portwatch/api';
import type { Indicator } from '@portwatch/schema';
import { openLiveClient, percentile } from './live-clients.ts';

function record(n: number, now: number, vessels: number): Indicator {
  const ais = n % 5 === 0;
  const mmsi = String(247000000 + (Math.floor(n / 5) % vessels));
  return {
    id: `hub-bench:${n}`,
    time: new Date(now).toISOString(),
    ingestTime: new Date(now).toISOString(),
    mode: 'live',
    siteId: 'valencia',
    zoneId: null,
    domain: ais ? 'physical' : 'cyber',
    type: ais ? 'ais.position' : 'ids.alert',
    title: ais ? `MMSI ${mmsi}: under way using engine, 11.2 kn, course 87.0°` : 'ET POLICY curl User-Agent Outbound',
    severity: ais ? 1 : 2,
    confidence: 0.8,
    location: ais ? { lat: 39.42 + (n % 50) / 2000, lon: -0.33 } : null,
    source: { feed: ais ? 'ais' : 'suricata', format: ais ? 'nmea' : 'eve', sensorId: null },
    observables: ais ? [{ type: 'mmsi', value: mmsi }] : [],
    tags: [],
  };
}

export async function hubAlone(
  perSecond: number,
  seconds: number,
  clients: number,
): Promise<{ p50: number; p99: number }> {
  const hub = new LiveHub();
  const server = createServer();
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws) =>
    hub.add(ws, { type: 'hello', data: { version: '2', siteId: 'valencia', serverTime: new Date().toISOString() } }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const url = `ws://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  // The fix's time is when it was handed to the hub.
  const readers = await Promise.all(Array.from({ length: clients }, () => openLiveClient(url, [], () => undefined)));
  const tickMs = 50;
  const perTick = (perSecond * tickMs) / 1000;
  let n = 0;
  const start = Date.now();
  for (let k = 0; Date.now() - start < seconds * 1000; k++) {
    const due = start + k * tickMs;
    if (Date.now() < due) await new Promise((r) => setTimeout(r, due - Date.now()));
    const now = performance.timeOrigin + performance.now();
    hub.publishIndicators(Array.from({ length: perTick }, () => record(n++, now, 2000)));
  }
  await new Promise((r) => setTimeout(r, 500));
  const delays = readers.flatMap((r) => r.stats.afterIngest);
  for (const r of readers) r.close();
  hub.closeAll();
  wss.close();
  await new Promise((r) => server.close(r));
  return { p50: percentile(delays, 50), p99: percentile(delays, 99) };
}
