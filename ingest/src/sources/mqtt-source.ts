// MQTT source (mqtt.js, any broker URL: mqtt:// or mqtts:// for TLS). QoS 1 on a persistent
// session with a stable client id: what sensors publish while ingest is down is delivered when
// it comes back. The PUBACK goes out only after the record has been handled, so a crash
// mid-record means redelivery (mqtt-manual-ack.ts).
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { MqttCredentials } from '@portwatch/schema';
import type { RawRecord } from '../pipeline/pipeline.ts';
import { acknowledgeWhenHandled } from './mqtt-manual-ack.ts';
import { mqttRefusal } from './broker-refusal.ts';

export interface MqttSourceOptions extends MqttCredentials {
  /** mqtt://host:1883, or mqtts://host:8883 for TLS. */
  url: string;
  clientId: string;
  filters: string[];
  /**
   * MQTT shared subscription group ($share/<group>/<filter>, MQTT 5 and Mosquitto 2 on 3.1.1):
   * worker instances split the sensors' messages instead of each receiving all of them.
   */
  shareGroup?: string;
  /**
   * Largest PUBLISH packet handed on as a record; a larger one is acknowledged and
   * dead-lettered with its size as the reason. mqtt.js 5.16 has no packet limit of its own
   * under MQTT 3.1.1 (it reads the whole packet first), so the broker's limit (Mosquitto
   * `max_packet_size`) is what bounds memory; this keeps such a record away from the decoders.
   */
  maxPacketBytes?: number;
  onStatus?: (status: 'connected' | 'reconnecting' | 'offline', detail?: string) => void;
  /**
   * The broker closed a session it had just accepted, again and again: under MQTT 3.1.1 that
   * is what another client connecting with this client id looks like (the broker hands it the
   * session and drops this one). Called with the count so far, for the security log.
   */
  onTakeover?: (count: number, detail: string) => void;
}

/** A session the broker drops within this long of accepting it counts as taken. */
const SHORT_SESSION_MS = 10_000;
/** Dropped sessions within a minute before it is called a takeover, not a flaky network. */
const TAKEOVER_DROPS = 2;

export class MqttSource {
  private client: MqttClient | null = null;
  private subscribed = new Set<string>();
  /** Sessions the broker dropped right after accepting them, in a row (see onTakeover). */
  takeovers = 0;
  private drops: number[] = [];

  constructor(private readonly options: MqttSourceOptions) {}

  /**
   * `room`, when given, is asked after each record: a promise means "read nothing more until it
   * resolves" (back-pressure to the broker over TCP).
   */
  async start(handle: (rec: RawRecord) => Promise<void>, room?: () => Promise<void> | null): Promise<void> {
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
      rejectUnauthorized: o.rejectUnauthorized ?? true,
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
    let connectedAt = 0;
    client.on('connect', () => (connectedAt = Date.now()));
    client.on('close', () => {
      const now = Date.now();
      if (this.client !== client || connectedAt === 0 || now - connectedAt > SHORT_SESSION_MS) return;
      connectedAt = 0;
      this.drops = this.drops.filter((t) => now - t < 60_000);
      this.drops.push(now);
      if (this.drops.length >= TAKEOVER_DROPS) {
        this.takeovers++;
        this.drops = [];
        o.onTakeover?.(
          this.takeovers,
          `the broker at ${o.url} closed the session of client id "${o.clientId}" ${TAKEOVER_DROPS} times within a minute of accepting it: another client may be using this client id`,
        );
      }
    });
    client.on('error', (err) => o.onStatus?.('reconnecting', err.message));
    acknowledgeWhenHandled(
      client,
      (packet) => {
        const payload = packet.payload;
        const rec: RawRecord = {
          via: 'mqtt',
          topic: packet.topic,
          payload:
            typeof payload === 'string'
              ? payload
              : new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength),
          receivedAt: Date.now(),
        };
        // The remaining length mqtt-packet read from the fixed header: topic, id and payload.
        const size = packet.length ?? payload.length;
        if (o.maxPacketBytes !== undefined && size > o.maxPacketBytes)
          rec.refused = `MQTT packet too large: ${size} bytes (limit ${o.maxPacketBytes})`;
        return handle(rec);
      },
      (err) => o.onStatus?.('reconnecting', `record not acknowledged, the broker will redeliver it: ${err.message}`),
      room,
    );
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error) => {
        clearTimeout(timer);
        client.off('error', refused);
        this.client = null;
        client.end(true);
        reject(err);
      };
      const timer = setTimeout(() => fail(new Error(`MQTT broker at ${o.url} did not answer within 10 s`)), 10_000);
      // At start, wrong credentials or an untrusted certificate end the start with the reason
      // (a BrokerRefusal); later they are reported through onStatus and retried.
      const refused = (err: Error) => {
        const refusal = mqttRefusal(o.url, err, o.username);
        if (refusal) fail(refusal);
      };
      client.on('error', refused);
      client.once('connect', () => {
        clearTimeout(timer);
        client.off('error', refused);
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
