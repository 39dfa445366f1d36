// Fans live messages out to every WebSocket at /api/live. A slow client is dropped rather
// than allowed to hold memory without bound.
import type { WebSocket } from 'ws';
import type { LiveMessage } from '@portwatch/schema';

const MAX_BUFFERED = 4 * 1024 * 1024;

export class LiveHub {
  private clients = new Set<WebSocket>();

  add(ws: WebSocket, hello: LiveMessage): void {
    this.clients.add(ws);
    ws.on('close', () => this.clients.delete(ws));
    ws.on('error', () => this.clients.delete(ws));
    ws.send(JSON.stringify(hello));
  }

  get size(): number {
    return this.clients.size;
  }

  broadcast(messages: LiveMessage[]): void {
    if (!messages.length || !this.clients.size) return;
    const frames = messages.map((m) => JSON.stringify(m));
    for (const ws of this.clients) {
      if (ws.readyState !== ws.OPEN) continue;
      if (ws.bufferedAmount > MAX_BUFFERED) {
        ws.close(1013, 'client too slow; reconnect');
        this.clients.delete(ws);
        continue;
      }
      for (const f of frames) ws.send(f);
    }
  }

  closeAll(): void {
    for (const ws of this.clients) ws.close(1001, 'server shutting down');
    this.clients.clear();
  }
}
