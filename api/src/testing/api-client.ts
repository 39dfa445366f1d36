// Test-only: the REST API and the live WebSocket of a running system, signed in with a token.
import WebSocket from 'ws';
import { LIVE_PATH, liveProtocols, type LiveMessage } from '@portwatch/schema';

export interface LiveSocket {
  messages: LiveMessage[];
  waitFor(pred: (m: LiveMessage) => boolean, timeoutMs: number): Promise<LiveMessage>;
  close(): void;
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
    close: () => ws.close(),
  };
}
