// MQTT source (mqtt.js, any broker URL). QoS 1 on a persistent session with a stable client
// id: what sensors publish while ingest is down is delivered when it comes back. The PUBACK
// goes out only after the record has been handled, so a crash mid-record means redelivery.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { RawRecord } from '../pipeline/pipeline.ts';

export interface MqttSourceOptions {
  url: string;
  clientId: string;
  filters: string[];
  username?: string;
  password?: string;
  /** TLS: CA, client cert and key (PEM strings). */
  ca?: string;
  cert?: string;
  key?: string;
  /**
   * MQTT shared subscription group ($share/<group>/<filter>, MQTT 5 and Mosquitto 2 on 3.1.1):
   * worker instances split the sensors' messages instead of each receiving all of them.
   */
  shareGroup?: string;
  /** Largest packet accepted from the broker; larger ones are refused by mqtt.js. */
  maxPacketBytes?: number;
  onStatus?: (status: 'connected' | 'reconnecting' | 'offline', detail?: string) => void;
}

export class MqttSource {
  private client: MqttClient | null = null;
  private subscribed = new Set<string>();

  constructor(private readonly options: MqttSourceOptions) {}

  async start(handle: (rec: RawRecord) => Promise<void>): Promise<void> {
    const o = this.options;
    const opts: IClientOptions = {
      clientId: o.clientId,
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      username: o.username,
      password: o.password,
      ca: o.ca,
      cert: o.cert,
      key: o.key,
      properties: undefined,
    };
    const client = mqtt.connect(o.url, opts);
    this.client = client;
    let backoff = 1000;
    client.on('connect', (ack) => {
      backoff = 1000;
      client.options.reconnectPeriod = backoff;
      o.onStatus?.('connected');
      // A persistent session keeps subscriptions; subscribe again only when the broker lost it.
      if (!ack.sessionPresent) this.subscribed.clear();
      void this.subscribe(o.filters);
    });
    client.on('reconnect', () => {
      // Back off to at most 30 s between attempts so a dead broker is not hammered.
      backoff = Math.min(backoff * 2, 30_000);
      client.options.reconnectPeriod = backoff;
      o.onStatus?.('reconnecting');
    });
    client.on('offline', () => o.onStatus?.('offline'));
    client.on('error', (err) => o.onStatus?.('reconnecting', err.message));
    // mqtt.js handles incoming messages one at a time and sends the PUBACK when handleMessage
    // calls back; waiting there for the bus would cap ingest at one record per bus round trip.
    // So the queue moves on at once, and each PUBACK is held back until that record's batch is
    // on the bus. A crash before then leaves the message unacknowledged: the broker redelivers
    // it to this persistent session.
    const pending = new Map<number, Promise<void>>();
    const internal = client as unknown as {
      _sendPacket(packet: { cmd: string; messageId?: number }, cb?: (err?: Error) => void, ...rest: unknown[]): void;
    };
    const send = internal._sendPacket.bind(client);
    internal._sendPacket = (packet, cb, ...rest) => {
      const held =
        packet.cmd === 'puback' && packet.messageId !== undefined ? pending.get(packet.messageId) : undefined;
      if (!held) return send(packet, cb, ...rest);
      pending.delete(packet.messageId!);
      cb?.();
      held.then(
        () => send(packet, undefined, ...rest),
        (err: Error) =>
          o.onStatus?.('reconnecting', `record not acknowledged, the broker will redeliver it: ${err.message}`),
      );
    };
    client.handleMessage = (packet, done) => {
      const payload = packet.payload;
      const handled = handle({
        via: 'mqtt',
        topic: packet.topic,
        payload:
          typeof payload === 'string'
            ? payload
            : new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength),
        receivedAt: Date.now(),
      });
      if (packet.qos > 0 && packet.messageId !== undefined) pending.set(packet.messageId, handled);
      else handled.catch(() => {});
      done();
    };
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`MQTT broker at ${o.url} did not answer within 10 s`)), 10_000);
      client.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    // Started means subscribed: a sensor publishing right after start must not be missed.
    await this.subscribe(o.filters);
  }

  async subscribe(filters: string[]): Promise<void> {
    const group = this.options.shareGroup;
    const todo = filters.map((f) => (group ? `$share/${group}/${f}` : f)).filter((f) => !this.subscribed.has(f));
    if (!todo.length || !this.client) return;
    await this.client.subscribeAsync(Object.fromEntries(todo.map((f) => [f, { qos: 1 as const }])));
    for (const f of todo) this.subscribed.add(f);
  }

  async stop(): Promise<void> {
    if (!this.client) return;
    const c = this.client;
    this.client = null;
    await c.endAsync();
  }
}
