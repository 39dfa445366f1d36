// The real mqtt.js client against a real broker (aedes, in-process): if an mqtt.js release
// sends PUBACKs some other way, or stops calling back from handleMessage, these fail.
// The same guarantee end to end on Mosquitto and Kafka: test/faults/delivery.test.ts.
import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { startEmbeddedBroker, type EmbeddedBroker } from './embedded-broker.ts';
import { acknowledgeWhenHandled } from './mqtt-manual-ack.ts';

let broker: EmbeddedBroker;
const clients: MqttClient[] = [];

beforeAll(async () => {
  broker = await startEmbeddedBroker(0);
});
afterAll(async () => {
  await broker?.close();
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.endAsync(true);
});

async function connect(clientId: string, clean = false): Promise<MqttClient> {
  const client = await mqtt.connectAsync(broker.url, { clientId, clean, protocolVersion: 4, reconnectPeriod: 0 });
  clients.push(client);
  return client;
}

/** A subscriber whose records stay unhandled until the test settles them. */
async function holdingSubscriber(clientId: string, topic: string) {
  const client = await connect(clientId);
  const handled: { payload: string; settle(): void }[] = [];
  const pubacks: number[] = [];
  client.on('packetsend', (p) => {
    if (p.cmd === 'puback') pubacks.push(p.messageId!);
  });
  acknowledgeWhenHandled(
    client,
    (packet) => new Promise<void>((settle) => handled.push({ payload: packet.payload.toString(), settle })),
    () => {},
  );
  await client.subscribeAsync(topic, { qos: 1 });
  return { client, handled, pubacks };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('acknowledgeWhenHandled (mqtt.js 5.16.0)', () => {
  it('sends each PUBACK only once its record is handled, while the next records come in meanwhile', async () => {
    const sub = await holdingSubscriber('ack-test-hold', 'ack-test/hold');
    const publisher = await connect('ack-test-pub-1', true);
    await publisher.publishAsync('ack-test/hold', 'first', { qos: 1 });
    await publisher.publishAsync('ack-test/hold', 'second', { qos: 1 });
    // Both handed over although neither is handled: the queue did not wait for the first.
    await until(() => sub.handled.length === 2, 'both records');
    await new Promise((r) => setTimeout(r, 100));
    expect(sub.pubacks).toEqual([]);
    sub.handled[1].settle();
    await until(() => sub.pubacks.length === 1, 'the second PUBACK');
    sub.handled[0].settle();
    await until(() => sub.pubacks.length === 2, 'the first PUBACK');
    expect(sub.handled.map((h) => h.payload)).toEqual(['first', 'second']);
  });

  it('leaves a record that was never handled to be delivered again to the same session', async () => {
    const first = await holdingSubscriber('ack-test-crash', 'ack-test/crash');
    const publisher = await connect('ack-test-pub-2', true);
    await publisher.publishAsync('ack-test/crash', 'door forced', { qos: 1 });
    await until(() => first.handled.length === 1, 'the record');
    // The process dies before the record reaches the bus: no PUBACK ever leaves.
    await first.client.endAsync(true);
    expect(first.pubacks).toEqual([]);
    const again = await holdingSubscriber('ack-test-crash', 'ack-test/crash');
    await until(() => again.handled.length === 1, 'the redelivery');
    expect(again.handled[0].payload).toBe('door forced');
    again.handled[0].settle();
    await until(() => again.pubacks.length === 1, 'its PUBACK');
  });

  it('keeps the session while back-pressure holds the packet loop for longer than the keepalive', async () => {
    // keepalive 1 s: mqtt.js pings at 1 s and gives up at 1.5 s without reading a PINGRESP,
    // which a held loop cannot read. The hold here lasts 3.5 s.
    const client = await mqtt.connectAsync(broker.url, {
      clientId: 'ack-test-keepalive',
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: 0,
      keepalive: 1,
    });
    clients.push(client);
    let closed = 0;
    client.on('close', () => closed++);
    const payloads: string[] = [];
    let release: (() => void) | null = null;
    let held = false;
    acknowledgeWhenHandled(
      client,
      async (packet) => void payloads.push(packet.payload.toString()),
      () => {},
      () => {
        if (held) return null;
        held = true;
        return new Promise<void>((r) => (release = r));
      },
    );
    await client.subscribeAsync('ack-test/keepalive', { qos: 1 });
    const publisher = await connect('ack-test-pub-3', true);
    for (const p of ['gate 1', 'gate 2', 'gate 3']) await publisher.publishAsync('ack-test/keepalive', p, { qos: 1 });
    await until(() => release !== null, 'the hold');
    await new Promise((r) => setTimeout(r, 3500));
    expect(closed).toBe(0);
    release!();
    await until(() => payloads.length === 3, 'the records after the hold');
    expect(payloads).toEqual(['gate 1', 'gate 2', 'gate 3']);
    expect(client.connected).toBe(true);
    expect(closed).toBe(0);
  });

  it('counts PUBLISH packets read as the connection alive, and still notices one that goes silent', async () => {
    // The broker's PINGRESPs never arrive (a proxy drops them): a busy subscriber's PINGRESP can
    // sit unread behind the PUBLISH packets before it. While records flow, the session stays.
    const proxy = await pingrespDroppingProxy(new URL(broker.url));
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${proxy.port}`, {
      clientId: 'ack-test-alive',
      clean: true,
      protocolVersion: 4,
      reconnectPeriod: 0,
      keepalive: 1,
    });
    clients.push(client);
    let closedAt = 0;
    client.on('close', () => (closedAt ||= Date.now()));
    const payloads: string[] = [];
    acknowledgeWhenHandled(
      client,
      async (packet) => void payloads.push(packet.payload.toString()),
      () => {},
    );
    await client.subscribeAsync('ack-test/alive', { qos: 1 });
    const publisher = await connect('ack-test-pub-4', true);
    for (let i = 0; i < 15; i++) {
      await publisher.publishAsync('ack-test/alive', `badge ${i}`, { qos: 1 });
      await new Promise((r) => setTimeout(r, 200));
    }
    await until(() => payloads.length === 15, 'every record');
    expect(closedAt).toBe(0); // 3 s of records, twice the 1.5 s mqtt.js allows without a PINGRESP
    const silentFrom = Date.now();
    await until(() => closedAt !== 0, 'the keepalive to give up once nothing arrives');
    expect(closedAt - silentFrom).toBeLessThan(3000);
    proxy.close();
  });
});

/**
 * A TCP proxy to `target` that passes every MQTT packet from the broker but PINGRESP (fixed
 * header 0xD0, remaining length 0), reading packet boundaries from the fixed header.
 */
async function pingrespDroppingProxy(target: URL): Promise<{ port: number; close(): void }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((client) => {
    const upstream = tcpConnect(Number(target.port), target.hostname);
    sockets.push(client, upstream);
    client.pipe(upstream);
    let buf = Buffer.alloc(0);
    upstream.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        let length = 0;
        let multiplier = 1;
        let i = 1;
        for (; i < buf.length && i <= 4; i++) {
          length += (buf[i] & 0x7f) * multiplier;
          multiplier *= 128;
          if ((buf[i] & 0x80) === 0) break;
        }
        if (i >= buf.length || buf.length < i + 1 + length) return; // an incomplete packet: wait
        const packet = buf.subarray(0, i + 1 + length);
        buf = buf.subarray(i + 1 + length);
        if (packet[0] !== 0xd0) client.write(packet);
      }
    });
    for (const s of [client, upstream])
      s.on('error', () => {}).on('close', () => (client.destroy(), upstream.destroy()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}
