// WebSocket clients for the live bench, doing what the browser does with each message:
// parse it and read the fixes. A fix's publish time is looked up by what the publisher put
// in it (MMSI and speed), so the delay runs from publish to receipt through the whole system.
import WebSocket from 'ws';
import type { LiveMessage } from '@portwatch/schema';

export interface ClientStats {
  messages: number;
  bytes: number;
  delays: number[];
  /** The part of each delay after ingest stamped the fix (correlation, bus, store writer, hub, ws). */
  afterIngest: number[];
  /** Size of the last snapshot received, bytes. */
  snapshotBytes: number;
  /** Distinct tracks heard of, live mode. */
  tracks: Set<string>;
  sizes: number[];
}

export interface LiveClient {
  stats: ClientStats;
  reset(): void;
  close(): void;
}

export async function openLiveClient(
  url: string,
  protocols: string[],
  publishedAt: (mmsi: string, speed: number | undefined) => number | undefined,
): Promise<LiveClient> {
  const ws = new WebSocket(url, protocols);
  const fresh = (): ClientStats => ({
    messages: 0,
    bytes: 0,
    delays: [],
    afterIngest: [],
    snapshotBytes: 0,
    tracks: new Set(),
    sizes: [],
  });
  let stats = fresh();
  ws.on('message', (data) => {
    const now = performance.timeOrigin + performance.now();
    const text = String(data);
    const m = JSON.parse(text) as LiveMessage;
    stats.messages++;
    stats.bytes += text.length;
    stats.sizes.push(text.length);
    if (m.type === 'snapshot') stats.snapshotBytes = text.length;
    if (m.type !== 'batch' && m.type !== 'snapshot') return;
    for (const t of m.data.tracks) {
      stats.tracks.add(t.id);
      if (m.type !== 'batch') continue;
      const at = publishedAt(t.id, t.speed);
      // An NMEA sentence without a tag block is stamped when ingest hears it.
      stats.afterIngest.push(now - Date.parse(t.time));
      if (at !== undefined) stats.delays.push(now - at);
    }
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return {
    get stats() {
      return stats;
    },
    reset: () => {
      const tracks = stats.tracks;
      stats = fresh();
      stats.tracks = tracks;
    },
    close: () => ws.close(),
  };
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const s = Float64Array.from(values).sort();
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
