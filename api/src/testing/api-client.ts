// Test-only: the REST API and the live WebSocket of a running system, signed in with a token.
import WebSocket from 'ws';
import {
  LIVE_PATH,
  liveProtocols,
  type Incident,
  type Indicator,
  type LiveCount,
  type LiveMessage,
  type LiveTrack,
  type ZoneState,
} from '@portwatch/schema';

/** What batches and snapshots carry, by kind. Counts and indicators are read from batches only: a snapshot's are history. */
export interface LiveItems {
  incident: Incident;
  zone: ZoneState;
  track: LiveTrack;
  indicator: Indicator;
  count: LiveCount;
}

export interface LiveSocket {
  messages: LiveMessage[];
  waitFor(pred: (m: LiveMessage) => boolean, timeoutMs: number): Promise<LiveMessage>;
  /** The first incident, zone, track, indicator or count received that matches. */
  waitForItem<K extends keyof LiveItems>(
    kind: K,
    pred: (item: LiveItems[K]) => boolean,
    timeoutMs: number,
  ): Promise<LiveItems[K]>;
  close(): void;
}

function itemsOf<K extends keyof LiveItems>(m: LiveMessage, kind: K): LiveItems[K][] {
  if (m.type !== 'batch' && m.type !== 'snapshot') return [];
  const d = m.data;
  const all: { [k in keyof LiveItems]: LiveItems[k][] } = {
    incident: d.incidents,
    zone: d.zones,
    track: d.tracks,
    indicator: m.type === 'batch' ? m.data.indicators : [],
    count: m.type === 'batch' ? m.data.counts : [],
  };
  return all[kind];
}

export interface SignedInClient {
  token: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  getJson<T = unknown>(path: string): Promise<T>;
  postJson<T = unknown>(path: string, body: unknown): Promise<{ status: number; body: T }>;
  liveSocket(): Promise<LiveSocket>;
}

/** `base` is http://host:port; paths start with /api or /metrics. */
export function signedIn(base: string, token: string): SignedInClient {
  const authFetch = (path: string, init: RequestInit = {}) =>
    fetch(base + path, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) },
    });
  return {
    token,
    fetch: authFetch,
    async getJson<T>(path: string): Promise<T> {
      const res = await authFetch(path);
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    async postJson<T>(path: string, body: unknown) {
      const res = await authFetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as T };
    },
    liveSocket: () => openLiveSocket(base, token),
  };
}

/** A WebSocket on /api/live that records every message; the token goes as a subprotocol, like the web app sends it. */
export async function openLiveSocket(base: string, token: string | null): Promise<LiveSocket> {
  const ws = new WebSocket(base.replace(/^http/, 'ws') + LIVE_PATH, liveProtocols(token));
  const messages: LiveMessage[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data)) as LiveMessage));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`live socket refused: HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  return {
    messages,
    async waitFor(pred, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const hit = messages.find(pred);
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(
        `no matching live message within ${timeoutMs} ms (got ${messages.length}: ${[...new Set(messages.map((m) => m.type))].join(', ')})`,
      );
    },
    async waitForItem(kind, pred, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        for (const m of messages) {
          const hit = itemsOf(m, kind).find(pred);
          if (hit) return hit;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no matching live ${kind} within ${timeoutMs} ms (got ${messages.length} messages)`);
    },
    close: () => ws.close(),
  };
}
