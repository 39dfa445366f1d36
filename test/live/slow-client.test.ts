// A client that stops reading is not sent a growing backlog and is not cut off: it misses
// batches while its socket is full, then gets a fresh snapshot and follows again. Meanwhile
// the other clients' publish → receipt delay does not grow. The hub runs behind a real ws
// server; the slow client is a ws client whose TCP socket is paused.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { LiveHub } from '@portwatch/api';
import type { Indicator, LiveMessage } from '@portwatch/schema';

const TRACKS = 2000;
const PER_TICK = 100;
const TICK_MS = 20;

// As the NMEA decoder writes an AIS position report; its time is when it was published.
function position(n: number, now: number): Indicator {
  const mmsi = String(224000000 + (n % TRACKS));
  return {
    id: `ais:${mmsi}:${now}:${n}`,
    time: new Date(now).toISOString(),
    ingestTime: new Date(now).toISOString(),
    mode: 'live',
    siteId: 'valencia',
    zoneId: 'outer-harbour',
    domain: 'physical',
    type: 'ais.position',
    title: `CONTAINER SHIP ${mmsi} (MMSI ${mmsi}): under way using engine, 13.9 kn, course 40.4°`,
    severity: 1,
    confidence: 0.9,
    location: { lat: 39.4 + (n % 1000) / 10_000, lon: -0.3 },
    source: { feed: 'ais', format: 'nmea', sensorId: null },
    observables: [{ type: 'mmsi', value: mmsi }],
    tags: ['ais'],
  };
}

interface Reader {
  ws: WebSocket;
  /** Receipt time and publish → receipt delay of every track fix, ms. */
  delays: { at: number; ms: number }[];
  types: { at: number; type: string }[];
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a slow live client', () => {
  let server: Server;
  let hub: LiveHub;
  let url: string;
  beforeAll(async () => {
    hub = new LiveHub({ flushMs: 100, maxBufferedBytes: 512 * 1024 });
    server = createServer();
    const wss = new WebSocketServer({ server });
    wss.on('connection', (ws) =>
      hub.add(ws, { type: 'hello', data: { version: '2', siteId: 'valencia', serverTime: new Date().toISOString() } }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address();
    url = `ws://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(async () => {
    hub.closeAll();
    await new Promise((r) => server.close(r));
  });

  async function reader(): Promise<Reader> {
    const ws = new WebSocket(url);
    const r: Reader = { ws, delays: [], types: [] };
    // What the browser does: parse every message and read the fixes.
    ws.on('message', (data) => {
      const at = Date.now();
      const m = JSON.parse(String(data)) as LiveMessage;
      r.types.push({ at, type: m.type });
      if (m.type === 'batch') for (const t of m.data.tracks) r.delays.push({ at, ms: at - Date.parse(t.time) });
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return r;
  }

  it('is sent a snapshot once it drains and catches up, while the others keep their delay', async () => {
    const fast = await Promise.all([reader(), reader(), reader()]);
    const slow = await reader();
    let n = 0;
    const publisher = setInterval(() => {
      const now = Date.now();
      hub.publishIndicators(Array.from({ length: PER_TICK }, () => position(n++, now)));
    }, TICK_MS);
    try {
      await new Promise((r) => setTimeout(r, 2000));
      const pausedAt = Date.now();
      slow.ws.pause(); // stops reading its TCP socket: the server's send buffer fills
      await waitUntil(() => hub.sent.fellBehind > 0, 30_000, 'the slow client to fall behind');
      const behindAt = Date.now();
      await new Promise((r) => setTimeout(r, 2000)); // the others go on meanwhile
      const resumedAt = Date.now();
      slow.ws.resume();
      await waitUntil(
        () => slow.types.some((t) => t.at >= resumedAt && t.type === 'snapshot'),
        20_000,
        'a snapshot for the slow client',
      );
      const snapshotAt = slow.types.find((t) => t.at >= resumedAt && t.type === 'snapshot')!.at;
      await new Promise((r) => setTimeout(r, 1500));
      clearInterval(publisher);

      expect(slow.ws.readyState).toBe(WebSocket.OPEN);
      // Caught up: what it receives after the snapshot is as fresh as what the others receive.
      const slowAfter = slow.delays.filter((d) => d.at > snapshotAt + 500).map((d) => d.ms);
      expect(slowAfter.length).toBeGreaterThan(0);
      const all = fast.flatMap((f) => f.delays);
      const before = all.filter((d) => d.at < pausedAt).map((d) => d.ms);
      const during = all.filter((d) => d.at >= behindAt && d.at < resumedAt).map((d) => d.ms);
      const p95 = { before: percentile(before, 95), during: percentile(during, 95), slow: percentile(slowAfter, 95) };
      console.log(
        `[live] fast clients p95 before ${p95.before} ms, while one client is behind ${p95.during} ms; ` +
          `slow client after its snapshot p95 ${p95.slow} ms; behind after ${behindAt - pausedAt} ms paused, ` +
          `snapshot ${snapshotAt - resumedAt} ms after resuming`,
      );
      expect(during.length).toBeGreaterThan(100);
      // Two cores shared with other work: a margin for the scheduler, not for a growing queue.
      expect(p95.during).toBeLessThan(2 * p95.before + 100);
      expect(p95.slow).toBeLessThan(2 * p95.before + 100);
    } finally {
      clearInterval(publisher);
      for (const r of [...fast, slow]) r.ws.close();
    }
  });
});
