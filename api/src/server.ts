// HTTP server: the Hono app on Node, with the WebSocket at /api/live on the same port. The
// WebSocket is authorized at the upgrade, by the same access control as the REST routes:
// a refused client gets a plain HTTP 401/403/429 and never a socket.
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { serve } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import type { Hono } from 'hono';
import { LIVE_PATH, LIVE_PROTOCOL, tokenFromProtocols, type LiveMessage } from '@portwatch/schema';
import type { LiveHub } from './live/hub.ts';
import { bearerToken, type AccessControl, type AuthEnv } from './auth/access-control.ts';
import type { Principal } from './auth/roles.ts';

export interface HttpServer {
  port: number;
  close(): Promise<void>;
}

export interface ListenOptions {
  host?: string;
  /** How often live connections are checked against the tokens file (revoked tokens are cut off). */
  revalidateMs?: number;
}

function refuse(socket: Duplex, status: number, body: object, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Connection: close',
    'Content-Type: application/json',
    'Cache-Control: no-store',
    `Content-Length: ${Buffer.byteLength(text)}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.end(head.join('\r\n') + '\r\n\r\n' + text);
}

async function authorizeUpgrade(
  access: AccessControl,
  req: IncomingMessage,
  path: string,
): Promise<{ principal: Principal | null } | { status: number; body: object; headers: Record<string, string> }> {
  const client = req.socket.remoteAddress ?? 'unknown';
  // Browsers cannot set headers on a WebSocket: the token comes as a subprotocol. Other clients may use the header.
  const token = tokenFromProtocols(req.headers['sec-websocket-protocol']) ?? bearerToken(req.headers.authorization);
  const d = access.check('GET', path, token, client);
  if (d.ok) return { principal: d.principal };
  if (d.audit) await access.audit.record(access.deniedEvent(d, 'GET', path, client));
  const headers: Record<string, string> = {};
  if (d.status === 401) headers['WWW-Authenticate'] = 'Bearer realm="portwatch"';
  if (d.retryAfterS) headers['Retry-After'] = String(d.retryAfterS);
  return { status: d.status, body: { error: d.error, reason: d.reason }, headers };
}

export function listenHttp(
  app: Hono<AuthEnv>,
  port: number,
  hub: LiveHub,
  hello: () => LiveMessage,
  access: AccessControl,
  opts: ListenOptions = {},
): Promise<HttpServer> {
  const { host = '0.0.0.0', revalidateMs = 5000 } = opts;
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }) as Server;
    // The client offers portwatch.v2 beside its bearer protocol; the server answers with
    // portwatch.v2, so the token is never echoed back.
    const wss = new WebSocketServer({
      noServer: true,
      maxPayload: 64 * 1024,
      handleProtocols: (offered) => (offered.has(LIVE_PROTOCOL) ? LIVE_PROTOCOL : false),
    });
    server.on('upgrade', (req, socket, head) => {
      const path = (req.url ?? '').split('?')[0];
      if (path !== LIVE_PATH) {
        socket.destroy();
        return;
      }
      socket.on('error', () => socket.destroy());
      authorizeUpgrade(access, req, path).then(
        (r) => {
          if ('status' in r) return refuse(socket, r.status, r.body, r.headers);
          wss.handleUpgrade(req, socket, head, (ws) => hub.add(ws, hello(), r.principal));
        },
        () => refuse(socket, 500, { error: 'internal error' }),
      );
    });
    const revalidate = setInterval(() => hub.dropRevoked((p) => access.tokens.stillValid(p)), revalidateMs);
    revalidate.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      clearInterval(revalidate);
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${port} is already in use: set PORT to a free port`) : err);
    });
    server.once('listening', () => {
      const addr = server.address();
      resolve({
        port: typeof addr === 'object' && addr ? addr.port : port,
        close: () =>
          new Promise<void>((done) => {
            clearInterval(revalidate);
            hub.closeAll();
            wss.close();
            server.close(() => done());
            server.closeAllConnections?.();
          }),
      });
    });
  });
}
