// The one WebSocket client of the app. It connects to /api/live, reconnects with backoff,
// reports the link state, and hands each message to the store that owns it. Components
// never see the socket: they read stores.
// The protocol's own entry point: the schema's index would bring the JSON-schema validators into the bundle.
import { LIVE_CLOSE, LIVE_PATH, liveProtocols, type LiveMessage } from '@portwatch/schema/live';
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
  const { initialDelayMs = 1000, maxDelayMs = 10_000, random = Math.random } = options;
  let socket: WebSocket | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let everOpened = false;
  let running = false;

  function dispatch(raw: string): void {
    let msg: LiveMessage;
    try {
      msg = JSON.parse(raw) as LiveMessage;
    } catch {
      stores.connection.badMessage();
      return;
    }
    switch (msg?.type) {
      case 'indicator':
        return stores.indicators.receive(msg.data);
      case 'incident':
        return stores.incidents.upsert(msg.data);
      case 'zone':
        return void stores.zones.apply(msg.data);
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
      resync(reconnected);
    };
    ws.onmessage = (event: MessageEvent) => {
      if (typeof event.data === 'string') dispatch(event.data);
      else stores.connection.badMessage();
    };
    // A failed connection fires error then close; reconnecting is handled once, in onclose.
    ws.onerror = () => {};
    ws.onclose = (event: CloseEvent) => {
      if (socket !== ws) return;
      socket = null;
      if (!running) return;
      // The check runs beside the retry: if the token is gone, signing out stops the retries.
      if (!opened || event?.code === LIVE_CLOSE.tokenRevoked) options.onRefused?.();
      const delay = backoffDelay(failures++, initialDelayMs, maxDelayMs, random);
      stores.connection.closed(delay);
      retryTimer = setTimeout(connect, delay);
    };
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
      retryTimer = null;
      const ws = socket;
      socket = null;
      ws?.close();
    },
    dispatch,
  };
}

// ── Track feeding ────────────────────────────────────────────────────────────────────────
// Vessels and drones come from the same indicator pushes and reloads as the indicator list,
// so the tracks store follows the indicators store's actions rather than a second socket
// handler: every pushed indicator (not only the newest the list keeps), each reload of the
// last half hour (sign-in, reconnect) and each sign-out.
export interface TrackFeedStores {
  indicators: ReturnType<typeof useIndicatorsStore>;
  tracks: ReturnType<typeof useTracksStore>;
}

/** Starts feeding the tracks store; returns the function that stops it. */
export function feedTracks({ indicators, tracks }: TrackFeedStores): () => void {
  return indicators.$onAction(({ name, args, after }) => {
    if (name === 'receive') tracks.receive(args[0]);
    else if (name === 'hydrate') after(() => void tracks.hydrate());
    else if (name === 'dehydrate') after(() => tracks.clear());
  }, true);
}
