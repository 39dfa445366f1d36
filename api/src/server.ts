// HTTP server: the Hono app on Node, with the WebSocket at /api/live on the same port.
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import type { Hono } from 'hono';
import type { LiveMessage } from '@portwatch/schema';
import type { LiveHub } from './live/hub.ts';

export interface HttpServer {
  port: number;
  close(): Promise<void>;
}

export function listenHttp(app: Hono, port: number, hub: LiveHub, hello: () => LiveMessage, host = '0.0.0.0'): Promise<HttpServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }) as Server;
    const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
    server.on('upgrade', (req, socket, head) => {
      const path = (req.url ?? '').split('?')[0];
      if (path !== '/api/live') {
        socket.destroy();
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => hub.add(ws, hello()));
    });
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${port} is already in use: set PORT to a free port`) : err);
    });
    server.once('listening', () => {
      const addr = server.address();
      resolve({
        port: typeof addr === 'object' && addr ? addr.port : port,
        close: () =>
          new Promise<void>((done) => {
            hub.closeAll();
            wss.close();
            server.close(() => done());
            server.closeAllConnections?.();
          }),
      });
    });
  });
}
