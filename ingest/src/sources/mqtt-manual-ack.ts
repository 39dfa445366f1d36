// PUBACK only once a QoS 1 record has been handled, without waiting for it in mqtt.js's queue.
//
// mqtt.js hands incoming PUBLISH packets over one at a time and sends the PUBACK when
// `handleMessage` calls back; the next packet waits for that. Waiting there for the bus would
// cap ingest at one record per bus round trip. Its supported hook, `customHandleAcks`, runs in
// the same one-at-a-time queue and only under MQTT 5 (ingest speaks 3.1.1), and there is no
// manual acknowledgement API. So `handleMessage` calls back at once and the PUBACK that
// mqtt.js then sends is held back (through the private `_sendPacket`) until that record's
// handling resolves. A crash before then leaves the message unacknowledged: the broker
// redelivers it to the persistent session.
//
// Holding the packet loop (back-pressure, below) also holds the broker's PINGRESP unread, and
// mqtt.js judges the connection by that alone (its keepalive is rescheduled by acks and
// PINGRESPs, not by the PUBLISH packets a subscriber lives on): a worker more than half a
// keepalive behind in reading dropped its session every 90 s, and each drop brought the broker's
// unacknowledged messages again (a scaled soak at 5,000/s, 2026-12-05: 5 drops, 24,321 records
// twice, and 303 never redelivered). So a PUBLISH read counts as the connection alive, and while
// ingest itself holds the loop a keepalive timeout only pings again (the broker's own timer needs a
// packet from us); once the loop runs, the usual check applies.
//
// Depends on mqtt.js 5.16.0 internals (pinned exactly in ingest/package.json):
// `MqttClient.prototype._sendPacket(packet, cb, ...)` sends every PUBACK, called from
// handlers/publish.js after `handleMessage` calls back; the keepalive manager calls
// `onKeepaliveTimeout()`, and `reschedulePing(force)` and `sendPing()` restart and send pings.
// mqtt-manual-ack.test.ts fails if a release changes that. The fault tests that prove the guarantee end to end against Mosquitto
// and Kafka: test/faults/delivery.test.ts (SIGKILLed worker, Mosquitto restart) and
// test/faults/failover.test.ts.
import type { IPublishPacket, MqttClient } from 'mqtt';

interface ClientInternals {
  _sendPacket(packet: { cmd: string; messageId?: number }, cb?: (err?: Error) => void, ...rest: unknown[]): void;
  onKeepaliveTimeout(): void;
  reschedulePing(force?: boolean): void;
  sendPing(): void;
}

/** A PUBLISH read restarts the keepalive at most this often (a timer reset per record is waste). */
const ALIVE_EVERY_MS = 1000;

/**
 * Routes the client's incoming messages to `handle` and acknowledges each QoS 1 message only
 * when its promise resolves. A rejected promise leaves the message unacknowledged (the broker
 * delivers it again) and is reported to `unacknowledged`. When `room` returns a promise, the
 * next packet is read only once it resolves.
 */
export function acknowledgeWhenHandled(
  client: MqttClient,
  handle: (packet: IPublishPacket) => Promise<void>,
  unacknowledged: (err: Error) => void,
  room?: () => Promise<void> | null,
): void {
  const internals = client as unknown as ClientInternals;
  for (const name of ['_sendPacket', 'onKeepaliveTimeout', 'reschedulePing', 'sendPing'] as const)
    if (typeof internals[name] !== 'function')
      throw new Error(`mqtt.js has no ${name}: acknowledgeWhenHandled needs mqtt 5.16.0`);
  let holding = false;
  let aliveAt = 0;
  const timedOut = internals.onKeepaliveTimeout.bind(client);
  internals.onKeepaliveTimeout = () => {
    if (!holding) return timedOut();
    internals.sendPing();
    internals.reschedulePing(true);
  };
  const pending = new Map<number, Promise<void>>();
  const send = internals._sendPacket.bind(client);
  internals._sendPacket = (packet, cb, ...rest) => {
    const held = packet.cmd === 'puback' && packet.messageId !== undefined ? pending.get(packet.messageId) : undefined;
    if (!held) return send(packet, cb, ...rest);
    pending.delete(packet.messageId!);
    cb?.();
    held.then(() => send(packet, undefined, ...rest), unacknowledged);
  };
  client.handleMessage = (packet, done) => {
    const now = Date.now();
    if (now - aliveAt >= ALIVE_EVERY_MS) {
      aliveAt = now;
      internals.reschedulePing(true);
    }
    const handled = handle(packet);
    if (packet.qos > 0 && packet.messageId !== undefined) pending.set(packet.messageId, handled);
    else handled.catch(() => {});
    // Back-pressure: while the handler has no room, mqtt.js's packet loop waits here, its
    // socket stops being read, and the broker keeps what follows.
    const wait = room?.();
    if (wait) {
      holding = true;
      void wait.then(() => {
        holding = false;
        done();
      });
    } else done();
  };
}
