// The live socket's protocol, as the API serves it and the web app speaks it: where it is,
// the subprotocol both sides agree on, how the token travels, and what each close code means.

export const LIVE_PATH = '/api/live';

/** What the server answers with; the bearer protocol carries the token and is never echoed. */
export const LIVE_PROTOCOL = 'portwatch.v2';

/** Sent in hello; a client that speaks another version reloads rather than misreads. */
export const LIVE_VERSION = '2';

/** The server sends something at least this often; a client that hears nothing for LIVE_SILENCE_MS reconnects. */
export const LIVE_HEARTBEAT_MS = 2000;
export const LIVE_SILENCE_MS = 5000;

/** Browsers cannot set headers on a WebSocket: the token goes as a subprotocol with this prefix. */
export const BEARER_PROTOCOL_PREFIX = 'portwatch.bearer.';

/** Close codes the server uses (RFC 6455 section 7.4; 4000–4999 are for applications). */
export const LIVE_CLOSE = {
  /** The server is shutting down: reconnect later. */
  goingAway: 1001,
  /** No longer used for slowness (a slow client gets a fresh snapshot instead); kept for older clients. */
  tryAgainLater: 1013,
  /** The token is no longer accepted: sign in again. */
  tokenRevoked: 4401,
} as const;

/** The subprotocols a client offers: the token (if any) beside the protocol it speaks. */
export function liveProtocols(token: string | null): string[] {
  return token ? [LIVE_PROTOCOL, BEARER_PROTOCOL_PREFIX + token] : [LIVE_PROTOCOL];
}

/** The token a client offered in Sec-WebSocket-Protocol; null when it offered none. */
export function tokenFromProtocols(header: string | string[] | undefined): string | null {
  const list = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((s) => s.trim());
  const p = list.find((s) => s.startsWith(BEARER_PROTOCOL_PREFIX));
  return p ? p.slice(BEARER_PROTOCOL_PREFIX.length) : null;
}
