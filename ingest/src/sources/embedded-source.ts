// Ingest's MQTT source in the embedded default: the sensors' records straight from the
// in-process broker (embedded-broker.ts, `holdAcks`), each acknowledged to its sensor only once
// the handler has settled it — stored, when the bus is the in-process one settled by the store
// writer. It stands where MqttSource stands on a real broker; there is no loopback client, no
// session and no client id to take over.
import type { RawRecord } from '../pipeline/pipeline.ts';
import type { EmbeddedBroker } from './embedded-broker.ts';
import { mqttFilterMatches } from '../feeds/topic-match.ts';

export class EmbeddedSource {
  /** A source with no session has none to take over (the same surface as MqttSource). */
  readonly takeovers = 0;
  private filters: string[];
  private detach: (() => void) | null = null;

  constructor(
    private readonly broker: EmbeddedBroker,
    filters: string[],
  ) {
    this.filters = [...filters];
  }

  async start(handle: (rec: RawRecord) => Promise<void>): Promise<void> {
    this.detach = this.broker.attach((r) => {
      if (!this.filters.some((f) => mqttFilterMatches(f, r.topic))) return null;
      const payload = r.payload;
      return handle({
        via: 'mqtt',
        topic: r.topic,
        payload: new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength),
        receivedAt: Date.now(),
      });
    });
  }

  /** The feed set changed: records on the new filters are taken from now on. */
  async subscribe(filters: string[]): Promise<void> {
    for (const f of filters) if (!this.filters.includes(f)) this.filters.push(f);
  }

  /** Publishes after this wait, unacknowledged, until the broker closes their connections. */
  async stop(): Promise<void> {
    this.detach?.();
    this.detach = null;
  }
}
