// The embedded default's MQTT broker (aedes), on MQTT_PORT or, when that port is taken,
// on a free one — said out loud, because sensors must be pointed at it. It listens on
// loopback unless told otherwise, and then asks for a user name and password. Ingest's own
// client id is reserved for ingest (a stranger cannot take its session and its records), no
// client ids are announced on $SYS, packets over the limit are cut off before they are
// buffered, and a sensor's retained message is passed on but not kept for every new
// subscriber.
//
// With `holdAcks`, ingest takes the sensors' records in-process (`attach`) and a PUBLISH is
// acknowledged only once what ingest made of it is stored: aedes sends a QoS 1 PUBACK before
// it even forwards the message, and its persistence is memory, so a broker that acknowledged
// on receipt lost on a crash every record ingest had not stored yet. `authorizePublish` is the
// one hook aedes runs before the PUBACK; ingest handles the record there, and aedes goes on
// (PUBACK, then forwarding to any other subscriber) when it is stored. A connection with
// ACK_WINDOW publishes not yet settled is read no further (packet-size-guard.ts), so a slow
// store slows each sensor down to its pace (TCP flow control) instead of queueing records.
import net from 'node:net';
import { Duplex } from 'node:stream';
import { timingSafeEqual, createHash } from 'node:crypto';
import { Aedes, type AuthenticateError } from 'aedes';
import { PacketSizeGuard, PacketTooLarge } from './packet-size-guard.ts';

/**
 * Publishes of one connection in ingest's hands at once (with `holdAcks`). Well under ingest's
 * per-feed queue (500): one sensor alone never fills it; 100 records a store round trip is
 * still thousands a second for one connection.
 */
export const ACK_WINDOW = 100;

export interface EmbeddedBrokerOptions {
  /** Default 127.0.0.1: sensors on other machines need EMBEDDED_MQTT_HOST and credentials. */
  host?: string;
  /** Required of every client when set (always set it when host is not loopback). */
  username?: string;
  password?: string;
  /** Client ids only ingest may use, and the secret ingest proves itself with (its password). */
  reserved?: { clientId: string; secret: string };
  /** Largest MQTT packet accepted; a larger one closes its connection (default 2 MiB). */
  maxPacketBytes?: number;
  /** Told of every refusal, with its reason (for the log; the counters count them). */
  onRefused?: (reason: string, clientId: string | null) => void;
  /**
   * Publishes are handed to the intake `attach`ed (ingest, in-process) and acknowledged only
   * when it has settled them; until one is attached they wait.
   */
  holdAcks?: boolean;
}

/** A sensor's PUBLISH as the in-process intake receives it. */
export interface IntakeRecord {
  topic: string;
  payload: Buffer;
  qos: 0 | 1 | 2;
  clientId: string;
}

/**
 * Takes a record; resolves when it is stored (then the sensor gets its PUBACK), rejects when it
 * could not be (the connection is closed unacknowledged: the sensor sends it again). Null: not
 * a record the intake takes (no feed for its topic), acknowledged as any broker would.
 */
export type Intake = (record: IntakeRecord) => Promise<void> | null;

export interface EmbeddedBrokerCounters {
  /** Connections closed for a packet over the limit. */
  packetsTooLarge: number;
  /** Connections refused for the reserved client id or wrong credentials. */
  refusedConnections: number;
  /** Retained flags cleared on sensors' publishes. */
  retainCleared: number;
}

export interface EmbeddedBroker {
  port: number;
  url: string;
  host: string;
  /** Set when the requested port was taken and another one is used. */
  movedFrom?: number;
  counters: EmbeddedBrokerCounters;
  /** With `holdAcks`: hand the sensors' publishes to `intake` from now on; returns the detach. */
  attach(intake: Intake): () => void;
  close(): Promise<void>;
}

/**
 * Above every feed's record limit (at most 256 KiB in the site bundles), so a record that is
 * merely too large still reaches ingest and becomes a dead letter that says so; far below
 * what would strain memory.
 */
export const EMBEDDED_MAX_PACKET_BYTES = 2_097_152;

function listen(server: net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as net.AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

const digest = (s: string | Buffer) => createHash('sha256').update(s).digest();
const same = (given: Buffer | undefined, expected: string) =>
  given !== undefined && timingSafeEqual(digest(given), digest(expected));

function refusal(message: string, returnCode: number): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

export async function startEmbeddedBroker(port: number, options: EmbeddedBrokerOptions = {}): Promise<EmbeddedBroker> {
  const host = options.host ?? '127.0.0.1';
  const limit = options.maxPacketBytes ?? EMBEDDED_MAX_PACKET_BYTES;
  const counters: EmbeddedBrokerCounters = { packetsTooLarge: 0, refusedConnections: 0, retainCleared: 0 };
  const reserved = options.reserved;
  let intake: Intake | null = null;
  /** Publishes that came before an intake was attached (or after it detached), in order. */
  const waiting: (() => void)[] = [];
  /** Each connection's guard (it holds the window), by the stream aedes reads it from (its client's `conn`). */
  const guards = new WeakMap<object, PacketSizeGuard>();
  const take = (client: { id: string }, packet: IntakeRecord, done: (err: Error | null) => void) => {
    const handled = intake!({ topic: packet.topic, payload: packet.payload, qos: packet.qos, clientId: client.id });
    if (!handled) return done(null);
    handled.then(
      () => done(null),
      (err: Error) => done(new Error(`not acknowledged, the sensor sends it again: ${err.message}`)),
    );
  };
  const aedes = await Aedes.createBroker({
    authenticate: (client, username, password, done) => {
      if (reserved && client.id === reserved.clientId) {
        if (same(password, reserved.secret)) return done(null, true);
        counters.refusedConnections++;
        options.onRefused?.('reserved client id', client.id);
        // CONNACK 2 "identifier rejected": the id is taken, whatever the credentials.
        return done(refusal(`client id ${client.id} is reserved for Portwatch ingest`, 2), false);
      }
      if (options.username === undefined) return done(null, true);
      if (username === options.username && same(password, options.password ?? '')) return done(null, true);
      counters.refusedConnections++;
      options.onRefused?.('bad user name or password', client.id);
      return done(refusal('bad user name or password', 4), false);
    },
    authorizeSubscribe: (_client, sub, done) => {
      // Who is connected is nobody's business: no $SYS topics (they carry client ids).
      if (sub.topic.startsWith('$SYS')) return done(null, null);
      done(null, sub);
    },
    authorizePublish: (client, packet, done) => {
      // A retained record would be replayed to every new subscriber, garbage included.
      if (packet.retain && client?.id !== reserved?.clientId) {
        packet.retain = false;
        counters.retainCleared++;
      }
      if (!options.holdAcks || !client) return done(null);
      // Every publish the guard counted into the window leaves it when aedes may go on.
      const guard = guards.get((client as unknown as { conn: object }).conn);
      const settle = (err: Error | null) => {
        guard?.settled();
        done(err);
      };
      if (client.id === reserved?.clientId) return settle(null);
      const record = packet as unknown as IntakeRecord;
      if (intake) take(client, record, settle);
      else waiting.push(() => take(client, record, settle));
    },
  });
  const server = net.createServer((socket) => {
    const guard = new PacketSizeGuard(limit, options.holdAcks ? ACK_WINDOW : Infinity);
    guard.on('error', (err) => {
      if (err instanceof PacketTooLarge) {
        counters.packetsTooLarge++;
        options.onRefused?.(err.message, null);
      }
      socket.destroy();
    });
    socket.on('error', () => guard.destroy());
    socket.pipe(guard);
    const conn = Duplex.from({ readable: guard, writable: socket });
    guards.set(conn, guard);
    aedes.handle(conn as unknown as net.Socket);
  });
  let bound: number;
  let movedFrom: number | undefined;
  try {
    bound = await listen(server, port, host);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    movedFrom = port;
    bound = await listen(server, 0, host);
  }
  return {
    port: bound,
    host,
    url: `mqtt://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    movedFrom,
    counters,
    attach: (next) => {
      intake = next;
      for (const run of waiting.splice(0)) run();
      return () => {
        if (intake === next) intake = null;
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => aedes.close(() => resolve()));
        // Open client sockets would keep server.close waiting.
        for (const c of Object.values(
          (aedes as unknown as { clients: Record<string, { close(): void }> }).clients ?? {},
        ))
          c.close();
      }),
  };
}
