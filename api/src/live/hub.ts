// Serves the live picture to every WebSocket at /api/live. Records change the picture as they
// come; every flush interval each client gets ONE batch with what changed (cut and serialized
// once for all). A client that reads too slowly is not sent a growing backlog, nor cut off:
// while its socket holds more than maxBufferedBytes it misses batches, and once drained it gets
// a fresh snapshot. A heartbeat tells a browser the server is alive when nothing changes.
import type { WebSocket } from 'ws';
import {
  LIVE_CLOSE,
  LIVE_HEARTBEAT_MS,
  type Incident,
  type Indicator,
  type LiveEvent,
  type LiveMessage,
  type ZoneState,
} from '@portwatch/schema';
import type { Principal } from '../auth/roles.ts';
import { LiveState, type LiveStateOptions } from './live-state.ts';

export interface LiveHubOptions extends LiveStateOptions {
  flushMs?: number;
  heartbeatMs?: number;
  /** Above this many unsent bytes a client is behind: it skips batches until it drains. */
  maxBufferedBytes?: number;
  /** How often the picture forgets old tracks and closed incidents. */
  pruneMs?: number;
}

interface Client {
  principal: Principal | null;
  behind: boolean;
}

export class LiveHub {
  readonly state: LiveState;
  private clients = new Map<WebSocket, Client>();
  private seq = 0;
  private prunedAt = 0;
  private timers: ReturnType<typeof setInterval>[] = [];
  private readonly flushMs: number;
  private readonly heartbeatMs: number;
  private readonly maxBuffered: number;
  private readonly pruneMs: number;
  /** What the hub did, for /metrics and the tests. */
  readonly sent = { batches: 0, snapshots: 0, heartbeats: 0, fellBehind: 0, bytes: 0 };

  constructor(options: LiveHubOptions = {}) {
    const { flushMs = 25, heartbeatMs = LIVE_HEARTBEAT_MS, maxBufferedBytes = 1024 * 1024, pruneMs = 10_000 } = options;
    this.state = new LiveState(options);
    [this.flushMs, this.heartbeatMs, this.maxBuffered, this.pruneMs] = [
      flushMs,
      heartbeatMs,
      maxBufferedBytes,
      pruneMs,
    ];
  }

  add(ws: WebSocket, hello: LiveMessage, principal: Principal | null = null): void {
    if (!this.clients.size) this.start();
    this.clients.set(ws, { principal, behind: false });
    ws.on('close', () => this.remove(ws));
    ws.on('error', () => this.remove(ws));
    this.send(ws, JSON.stringify(hello));
    this.sendSnapshot(ws, this.snapshotFrame());
  }

  get size(): number {
    return this.clients.size;
  }

  publishIndicators(list: Indicator[]): void {
    for (const ind of list) this.state.applyIndicator(ind);
    this.pruneIdle();
  }

  publishIncidents(list: Incident[]): void {
    for (const inc of list) this.state.applyIncident(inc);
  }

  publishZones(list: ZoneState[]): void {
    for (const z of list) this.state.applyZone(z);
  }

  /** Feeds the picture with the pipeline's outputs; they reach clients with the next batch. */
  broadcast(events: LiveEvent[]): void {
    for (const e of events) {
      if (e.type === 'indicator') this.state.applyIndicator(e.data);
      else if (e.type === 'incident') this.state.applyIncident(e.data);
      else if (e.type === 'zone') this.state.applyZone(e.data);
    }
    this.pruneIdle();
  }

  /** With nobody listening the prune timer is off; the picture must not grow meanwhile. */
  private pruneIdle(): void {
    if (this.clients.size) return;
    const now = Date.now();
    if (now - this.prunedAt < this.pruneMs) return;
    this.prunedAt = now;
    this.state.prune(now);
  }

  /** Cuts a batch of what changed and sends it; called every flushMs, and by tests. */
  flush(): void {
    const changes = this.state.takeChanges();
    const frame = changes
      ? JSON.stringify({
          type: 'batch',
          data: { seq: ++this.seq, at: new Date().toISOString(), ...changes },
        } satisfies LiveMessage)
      : null;
    // One snapshot serialized per flush, however many clients drained meanwhile.
    let snapshot: string | null = null;
    for (const [ws, client] of this.clients) {
      if (ws.readyState !== ws.OPEN) continue;
      if (client.behind) {
        if (ws.bufferedAmount > 0) continue;
        client.behind = false;
        this.sendSnapshot(ws, (snapshot ??= this.snapshotFrame()));
        continue;
      }
      if (ws.bufferedAmount > this.maxBuffered) {
        client.behind = true;
        this.sent.fellBehind++;
        continue;
      }
      if (frame) {
        this.send(ws, frame);
        this.sent.batches++;
      }
    }
  }

  private heartbeat(): void {
    const frame = JSON.stringify({
      type: 'heartbeat',
      data: { serverTime: new Date().toISOString() },
    } satisfies LiveMessage);
    for (const [ws, client] of this.clients) {
      if (ws.readyState !== ws.OPEN || client.behind) continue;
      this.send(ws, frame);
      this.sent.heartbeats++;
    }
  }

  private snapshotFrame(): string {
    return JSON.stringify({
      type: 'snapshot',
      data: { seq: this.seq, at: new Date().toISOString(), ...this.state.snapshot() },
    } satisfies LiveMessage);
  }

  private sendSnapshot(ws: WebSocket, frame: string): void {
    this.send(ws, frame);
    this.sent.snapshots++;
  }

  private send(ws: WebSocket, frame: string): void {
    ws.send(frame);
    this.sent.bytes += frame.length;
  }

  private start(): void {
    // Changes are noted only while someone listens; a new client starts from a snapshot.
    this.state.recording = true;
    this.state.discardChanges();
    const every = (ms: number, fn: () => void) => {
      const t = setInterval(fn, ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.flushMs, () => this.flush());
    every(this.heartbeatMs, () => this.heartbeat());
    every(this.pruneMs, () => this.state.prune(Date.now()));
  }

  private stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.state.recording = false;
    this.state.discardChanges();
  }

  private remove(ws: WebSocket): void {
    if (this.clients.delete(ws) && !this.clients.size) this.stop();
  }

  /** Closes the connections whose token is no longer accepted; returns how many. */
  dropRevoked(stillValid: (p: Principal) => boolean): number {
    let n = 0;
    for (const [ws, c] of this.clients) {
      if (!c.principal || stillValid(c.principal)) continue;
      ws.close(LIVE_CLOSE.tokenRevoked, 'access token revoked; sign in again');
      this.remove(ws);
      n++;
    }
    return n;
  }

  closeAll(): void {
    for (const ws of this.clients.keys()) ws.close(LIVE_CLOSE.goingAway, 'server shutting down');
    this.clients.clear();
    this.stop();
  }
}
