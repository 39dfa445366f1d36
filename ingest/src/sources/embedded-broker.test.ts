// The embedded broker as a stranger on the same machine meets it.
import { describe, it, expect, afterEach } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { ACK_WINDOW, startEmbeddedBroker, type EmbeddedBroker } from './embedded-broker.ts';
import { MqttSource } from './mqtt-source.ts';

let broker: EmbeddedBroker | null = null;
const clients: MqttClient[] = [];
let source: MqttSource | null = null;
afterEach(async () => {
  for (const c of clients.splice(0)) c.end(true);
  await source?.stop();
  await broker?.close();
  source = broker = null;
});

const RESERVED = { clientId: 'portwatch-ingest-valencia-Zx81kQ', secret: 'in-process-secret' };

function attempt(url: string, opts: mqtt.IClientOptions): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 3000, ...opts });
    clients.push(c);
    c.once('connect', () => resolve(c));
    c.once('error', reject);
    c.once('close', () => reject(new Error('closed before CONNACK')));
  });
}

describe('embedded broker', () => {
  it("refuses a stranger with ingest's client id, and ingest keeps every record", async () => {
    broker = await startEmbeddedBroker(0, { reserved: RESERVED });
    const got: string[] = [];
    source = new MqttSource({
      url: broker.url,
      clientId: RESERVED.clientId,
      username: 'portwatch-ingest',
      password: RESERVED.secret,
      filters: ['site/#'],
    });
    await source.start(async (rec) => {
      got.push(new TextDecoder().decode(rec.payload as Uint8Array));
    });
    const sensor = await attempt(broker.url, { clientId: 'gate-1' });
    for (let i = 0; i < 100; i++) {
      await sensor.publishAsync('site/access/1', `r${i}`, { qos: 1 });
      if (i % 20 === 0)
        await expect(attempt(broker.url, { clientId: RESERVED.clientId, clean: false })).rejects.toThrow(
          /Identifier rejected/,
        );
    }
    await expect.poll(() => got.length).toBe(100);
    expect(new Set(got).size).toBe(100);
    expect(broker.counters.refusedConnections).toBe(5);
    expect(source.takeovers).toBe(0);
  });

  it('announces no client ids on $SYS', async () => {
    broker = await startEmbeddedBroker(0);
    const spy = await attempt(broker.url, { clientId: 'spy' });
    const seen: string[] = [];
    spy.on('message', (t) => seen.push(t));
    await expect(spy.subscribeAsync('$SYS/#', { qos: 0 })).rejects.toThrow(/Subscribe error/);
    await attempt(broker.url, { clientId: 'portwatch-ingest-valencia-x' });
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([]);
  });

  it('asks for the user name and password when it has them', async () => {
    broker = await startEmbeddedBroker(0, { username: 'sensors', password: 'long-random' });
    await expect(attempt(broker.url, { clientId: 'anon' })).rejects.toThrow(/Bad username or password/);
    await expect(attempt(broker.url, { clientId: 'guess', username: 'sensors', password: 'x' })).rejects.toThrow(
      /Bad username or password/,
    );
    await attempt(broker.url, { clientId: 'gate', username: 'sensors', password: 'long-random' });
  });

  it('passes a retained message on but does not replay it to every new subscriber', async () => {
    broker = await startEmbeddedBroker(0);
    const sensor = await attempt(broker.url, { clientId: 'gate-1' });
    await sensor.publishAsync('site/access/1', 'garbage', { qos: 1, retain: true });
    const late = await attempt(broker.url, { clientId: 'late' });
    const seen: string[] = [];
    late.on('message', (_t, p) => seen.push(p.toString()));
    await late.subscribeAsync('site/#', { qos: 1 });
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([]);
    expect(broker.counters.retainCleared).toBe(1);
  });

  it('cuts off a 100 MB packet at its header, counted, without buffering it', async () => {
    const reasons: string[] = [];
    broker = await startEmbeddedBroker(0, { onRefused: (r) => reasons.push(r) });
    const flooder = await attempt(broker.url, { clientId: 'flooder' });
    const rss0 = process.memoryUsage().rss;
    // A PUBLISH (QoS 0) fixed header announcing 100 MB, then the body in 1 MB pieces.
    const size = 100 * 1024 * 1024;
    const header = [0x30];
    for (let n = size; ;) {
      const b = n % 128;
      n = Math.floor(n / 128);
      header.push(n > 0 ? b | 0x80 : b);
      if (n === 0) break;
    }
    const stream = flooder.stream;
    const closed = new Promise<void>((r) => stream.once('close', () => r()));
    stream.write(Buffer.from(header));
    const piece = Buffer.alloc(1024 * 1024, 0x41);
    let sent = 0;
    while (sent < size && !stream.destroyed) {
      if (!stream.write(piece)) await Promise.race([new Promise((r) => stream.once('drain', r)), closed]);
      sent += piece.length;
    }
    await closed;
    expect(sent).toBeLessThan(size);
    expect(broker.counters.packetsTooLarge).toBe(1);
    expect(reasons).toEqual([`MQTT packet too large: ${size} bytes (limit 2097152)`]);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(64 * 1024 * 1024);
  });
});

describe('embedded broker holding acknowledgements for ingest', () => {
  it('acknowledges a record only once the intake has settled it, and reads a sensor no further ahead', async () => {
    broker = await startEmbeddedBroker(0, { holdAcks: true });
    const sensor = await attempt(broker.url, { clientId: 'gate-1' });
    const acked: number[] = [];
    // Published before ingest attached: held, not acknowledged, not lost.
    sensor.publish('site/access/1', 'early', { qos: 1 }, (err) => !err && acked.push(-1));
    await new Promise((r) => setTimeout(r, 200));
    expect(acked).toEqual([]);
    const settle: (() => void)[] = [];
    const taken: string[] = [];
    broker.attach((r) => {
      if (r.topic.startsWith('other/')) return null;
      taken.push(r.payload.toString());
      return new Promise<void>((resolve) => settle.push(resolve));
    });
    for (let i = 0; i < 20_000; i++)
      sensor.publish('site/access/1', `r${i}`, { qos: 1 }, (err) => !err && acked.push(i));
    await expect.poll(() => taken.length).toBeGreaterThan(1);
    await new Promise((r) => setTimeout(r, 300));
    // Nothing acknowledged while unsettled, and only what it read in one go is in hand.
    expect(acked).toEqual([]);
    const inHand = taken.length;
    expect(inHand).toBeLessThanOrEqual(ACK_WINDOW);
    for (const s of settle.splice(0)) s();
    await expect.poll(() => acked.length).toBe(inHand);
    // Settling as it goes, every record comes through, in order.
    const pump = setInterval(() => settle.splice(0).forEach((s) => s()), 5);
    await expect.poll(() => acked.length, { timeout: 30_000 }).toBe(20_001);
    clearInterval(pump);
    expect(taken.slice(0, 3)).toEqual(['early', 'r0', 'r1']);
    // A topic the intake does not take is acknowledged as any broker would.
    await sensor.publishAsync('other/topic', 'x', { qos: 1 });
    expect(taken).toHaveLength(20_001);
  });

  it('closes the connection unacknowledged when the record could not be stored, and the sensor sends it again', async () => {
    broker = await startEmbeddedBroker(0, { holdAcks: true });
    let tries = 0;
    broker.attach(() => (++tries === 1 ? Promise.reject(new Error('store refused')) : Promise.resolve()));
    const sensor = mqtt.connect(broker.url, { clientId: 'gate-2', clean: false, reconnectPeriod: 100 });
    clients.push(sensor);
    sensor.on('error', () => {});
    await sensor.publishAsync('site/access/2', 'r', { qos: 1 });
    expect(tries).toBe(2);
  });
});

describe('MQTT source', () => {
  it('reports a takeover when another client keeps taking its session', async () => {
    broker = await startEmbeddedBroker(0);
    const events: string[] = [];
    source = new MqttSource({
      url: broker.url,
      clientId: 'ingest-guessable',
      filters: ['site/#'],
      onTakeover: (_n, detail) => events.push(detail),
    });
    await source.start(async () => {});
    for (let i = 0; i < 3; i++) {
      const thief = await attempt(broker.url, { clientId: 'ingest-guessable', clean: false });
      await new Promise((r) => setTimeout(r, 1500));
      thief.end(true);
    }
    await expect.poll(() => source!.takeovers, { timeout: 5000 }).toBeGreaterThanOrEqual(1);
    expect(events[0]).toMatch(/closed the session of client id "ingest-guessable" 2 times within a minute/);
  });
});
