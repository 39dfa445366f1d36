// The one WebSocket client of the app. It connects to /api/live, reconnects with backoff,
// reports the link state, and hands each snapshot and batch to the stores that own what
// they carry. Components never see the socket: they read stores. The server sends at least
// a heartbeat every 2 s; hearing nothing for 5 s means a frozen server or a dead link that
// TCP has not noticed yet: the link is marked reconnecting and opened afresh.
// The protocol's own entry point: the schema's index would bring the JSON-schema validators into the bundle.
import {
  LIVE_CLOSE,
  LIVE_PATH,
  LIVE_SILENCE_MS,
  liveProtocols,
  type LiveBatch,
  type LiveMessage,
  type LivePicture,
} from '@portwatch/schema/live';
import type { useConnectionStore } from '../stores/connection.ts';
import type { useIncidentsStore } from '../stores/incidents.ts';
import type { useIndicatorsStore } from '../stores/indicators.ts';
import type { useSiteStore } from '../stores/site.ts';
import type { useZonesStore } from '../stores/zones.ts';
import type { useTracksStore } from '../stores/tracks.ts';

export interface LiveStores {
  connection: ReturnType<typeof useConnectionStore>;
  site: ReturnType<typeof useSiteStore>;
  zones: ReturnType<typeof useZonesStore>;
  incidents: ReturnType<typeof useIncidentsStore>;
  indicators: ReturnType<typeof useIndicatorsStore>;
  tracks: ReturnType<typeof useTracksStore>;
}

export interface RealtimeOptions {
  url?: string;
  /** First retry delay; doubles per failed attempt up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Jitter source, so that many consoles do not reconnect in lockstep after a server restart. */
  random?: () => number;
  /** The access token for each connection attempt (it goes as a subprotocol: browsers cannot set headers on a WebSocket). */
  token?: () => string | null;
  /**
   * The server refused the link or cut it for the token (close code 4401), or it failed before
   * opening: a browser cannot tell a 401 from a network error, so the caller asks the REST API.
   */
  onRefused?: () => void;
  /** How long without any message before the link counts as lost. */
  silenceMs?: number;
}

export function liveUrl(loc: Pick<Location, 'protocol' | 'host'> = location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}${LIVE_PATH}`;
}

export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random: () => number): number {
  const base = Math.min(maxMs, initialMs * 2 ** attempt);
  return Math.round(base * (0.5 + random() / 2));
}

export interface Realtime {
  start(): void;
  stop(): void;
  /** Exposed for tests and for a future replay source that feeds recorded messages. */
  dispatch(raw: string): void;
}

export function createRealtime(stores: LiveStores, options: RealtimeOptions = {}): Realtime {
  const { initialDelayMs = 1000, maxDelayMs = 10_000, random = Math.random, silenceMs = LIVE_SILENCE_MS } = options;
  let socket: WebSocket | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let silenceTimer: ReturnType<typeof setTimeout> | null = null;
  let lastHeard = 0;
  let failures = 0;
  let everOpened = false;
  let running = false;

  function picture(p: Pick<LivePicture, 'tracks' | 'zones' | 'incidents'>): void {
    for (const z of p.zones) stores.zones.apply(z);
    for (const i of p.incidents) stores.incidents.upsert(i);
    for (const t of p.tracks) stores.tracks.applyFix(t);
  }

  function batch(b: LiveBatch): void {
    picture(b);
    stores.indicators.receiveBatch(b.indicators, b.counts);
  }

  function dispatch(raw: string): void {
    let msg: LiveMessage;
    try {
      msg = JSON.parse(raw) as LiveMessage;
    } catch {
      stores.connection.badMessage();
      return;
    }
    switch (msg?.type) {
      case 'batch':
        return batch(msg.data);
      case 'snapshot':
        picture(msg.data);
        return stores.indicators.receiveCounts(msg.data.counts);
      case 'heartbeat':
        return;
      case 'hello':
        return stores.connection.hello(msg.data.serverTime);
      default:
        stores.connection.badMessage();
    }
  }

  /** After a gap the stores missed pushes; reload them. Also retries a failed first load. */
  function resync(reconnected: boolean): void {
    const { site, zones, incidents, indicators } = stores;
    if (!site.site || site.error) void site.hydrate();
    for (const store of [zones, incidents, indicators]) if (reconnected || store.error) void store.hydrate();
  }

  function heard(ws: WebSocket): void {
    lastHeard = Date.now();
    if (silenceTimer) clearTimeout(silenceTimer);
    silenceTimer = setTimeout(() => lost(ws, lastHeard), silenceMs);
  }

  /** The link is gone (closed, or silent too long): say so and try again after a delay. */
  function lost(ws: WebSocket, silentSince: number | null, code?: number, opened = true): void {
    if (socket !== ws) return;
    socket = null;
    if (silenceTimer) clearTimeout(silenceTimer);
    silenceTimer = null;
    if (silentSince !== null) ws.close();
    if (!running) return;
    // The check runs beside the retry: if the token is gone, signing out stops the retries.
    if (!opened || code === LIVE_CLOSE.tokenRevoked) options.onRefused?.();
    const delay = backoffDelay(failures++, initialDelayMs, maxDelayMs, random);
    if (silentSince !== null) stores.connection.silent(silentSince, delay);
    else stores.connection.closed(delay);
    retryTimer = setTimeout(connect, delay);
  }

  function connect(): void {
    retryTimer = null;
    stores.connection.connecting();
    const ws = new WebSocket(options.url ?? liveUrl(), liveProtocols(options.token?.() ?? null));
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      const reconnected = everOpened;
      everOpened = true;
      failures = 0;
      stores.connection.opened();
      heard(ws);
      resync(reconnected);
    };
    ws.onmessage = (event: MessageEvent) => {
      if (socket === ws) heard(ws);
      if (typeof event.data === 'string') dispatch(event.data);
      else stores.connection.badMessage();
    };
    // A failed connection fires error then close; reconnecting is handled once, in onclose.
    ws.onerror = () => {};
    ws.onclose = (event: CloseEvent) => lost(ws, null, event?.code, opened);
  }

  return {
    start() {
      if (running) return;
      running = true;
      connect();
    },
    stop() {
      running = false;
      if (retryTimer) clearTimeout(retryTimer);
      if (silenceTimer) clearTimeout(silenceTimer);
      retryTimer = silenceTimer = null;
      const ws = socket;
      socket = null;
      ws?.close();
    },
    dispatch,
  };
}

// ── Track reloads ────────────────────────────────────────────────────────────────────────
// Live fixes come in batches (above). The tails of where things have been come from the
// last half hour of indicators, reloaded with the indicator list (sign-in, reconnect) and
// forgotten with it at sign-out: the tracks store follows the indicators store's actions.
export interface TrackFeedStores {
  indicators: ReturnType<typeof useIndicatorsStore>;
  tracks: ReturnType<typeof useTracksStore>;
}

/** Starts following the indicator reloads; returns the function that stops it. */
export function feedTracks({ indicators, tracks }: TrackFeedStores): () => void {
  return indicators.$onAction(({ name, after }) => {
    if (name === 'hydrate') after(() => void tracks.hydrate());
    else if (name === 'dehydrate') after(() => tracks.clear());
  }, true);
}
