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
// Depends on mqtt.js 5.16.0 internals (pinned exactly in ingest/package.json):
// `MqttClient.prototype._sendPacket(packet, cb, ...)` sends every PUBACK, called from
// handlers/publish.js after `handleMessage` calls back. mqtt-manual-ack.test.ts fails if a
// release changes that. The fault tests that prove the guarantee end to end against Mosquitto
// and Kafka: test/faults/delivery.test.ts (SIGKILLed worker, Mosquitto restart) and
// test/faults/failover.test.ts.
import type { IPublishPacket, MqttClient } from 'mqtt';

interface ClientInternals {
  _sendPacket(packet: { cmd: string; messageId?: number }, cb?: (err?: Error) => void, ...rest: unknown[]): void;
}

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
  if (typeof internals._sendPacket !== 'function')
    throw new Error('mqtt.js has no _sendPacket: acknowledgeWhenHandled needs mqtt 5.16.0');
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
    const handled = handle(packet);
    if (packet.qos > 0 && packet.messageId !== undefined) pending.set(packet.messageId, handled);
    else handled.catch(() => {});
    // Back-pressure: while the handler has no room, mqtt.js's packet loop waits here, its
    // socket stops being read, and the broker keeps what follows.
    const wait = room?.();
    if (wait) void wait.then(() => done());
    else done();
  };
}
