// Fans live messages out to every WebSocket at /api/live. A slow client is dropped rather
// than allowed to hold memory without bound; so is one whose token was revoked meanwhile.
import type { WebSocket } from 'ws';
import { LIVE_CLOSE, type LiveMessage } from '@portwatch/schema';
import type { Principal } from '../auth/roles.ts';

const MAX_BUFFERED = 4 * 1024 * 1024;

export class LiveHub {
  private clients = new Map<WebSocket, Principal | null>();

  add(ws: WebSocket, hello: LiveMessage, principal: Principal | null = null): void {
    this.clients.set(ws, principal);
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
    for (const ws of this.clients.keys()) {
      if (ws.readyState !== ws.OPEN) continue;
      if (ws.bufferedAmount > MAX_BUFFERED) {
        ws.close(LIVE_CLOSE.tryAgainLater, 'client too slow; reconnect');
        this.clients.delete(ws);
        continue;
      }
      for (const f of frames) ws.send(f);
    }
  }

  /** Closes the connections whose token is no longer accepted; returns how many. */
  dropRevoked(stillValid: (p: Principal) => boolean): number {
    let n = 0;
    for (const [ws, p] of this.clients) {
      if (!p || stillValid(p)) continue;
      ws.close(LIVE_CLOSE.tokenRevoked, 'access token revoked; sign in again');
      this.clients.delete(ws);
      n++;
    }
    return n;
  }

  closeAll(): void {
    for (const ws of this.clients.keys()) ws.close(LIVE_CLOSE.goingAway, 'server shutting down');
    this.clients.clear();
  }
}
