// Inside the decode thread (see decode-thread.ts): a Pipeline of its own over the site's
// feeds, turning each batch of raw values into indicators, published to Kafka from here when
// a cluster is given, else sent back as bus messages. Feed health is counted by the main
// thread from what comes back, so the API sees one set of counters.
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { loadSite } from '@portwatch/dashboards';
import { decoderFactories } from '../decoders/index.ts';
import { kafkaRef, Pipeline, type ParsedPayload, type RawRecord } from '../pipeline/pipeline.ts';
import type { BusMessage } from '../bus/bus.ts';
import { siteLocator } from '../pipeline/site-locator.ts';
import { indicatorKey, jsonWithoutRaw, RAW_MEMBER, TOPICS, type DeadLetter } from '@portwatch/schema';
import { KafkaBus } from '../bus/kafka-bus.ts';
import type { DecodeWorkerData, FromWorker, ToWorker } from './decode-protocol.ts';
import { wireMessages, type WireBatch } from './wire-batch.ts';

const port = parentPort!;
const init = workerData as DecodeWorkerData;

try {
  const site = await loadSite(init.siteDir);
  const pipeline = new Pipeline({
    siteId: site.id,
    feeds: init.feeds,
    locator: siteLocator(site),
    decoders: decoderFactories,
    mode: init.mode,
  });
  const producer = init.publish ? await openProducer(init) : null;
  let stopping = false;
  port.on('message', (m: ToWorker) => {
    if (m.type === 'feeds') pipeline.setFeeds(m.feeds);
    else if (m.type === 'stop') {
      stopping = true;
      void (producer?.close() ?? Promise.resolve()).finally(() => port.close());
    } else {
      const result = decodeBatch(pipeline, m);
      if (!producer || result.ends.length === 0) return answer(m.id, result);
      const messages = wireMessages(result);
      // Published at once, while the next batch is decoded: in the order the batches came, as
      // one producer sends its requests, and several in flight (waiting for each one's
      // acknowledgement before the next send made a thread's throughput one round trip a batch).
      void publishUntilAcknowledged(producer, messages, () => stopping)
        .then(() => answer(m.id, { ...result, ...nothingBack(), published: messages.length }))
        .catch((err: unknown) => {
          // Stopping: the main thread has given up on the batch already; it is read again.
          if (!stopping) port.postMessage({ type: 'batch-failed', id: m.id, error: String(err) } satisfies FromWorker);
        });
    }
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
} catch (err) {
  port.postMessage({ type: 'failed', error: err instanceof Error ? err.message : String(err) } satisfies FromWorker);
}

function answer(id: number, result: WireBatch): void {
  port.postMessage({ type: 'result', id, result } satisfies FromWorker, [
    result.json.buffer as ArrayBuffer,
    result.ends.buffer as ArrayBuffer,
    result.timestamps.buffer as ArrayBuffer,
  ]);
}

/** A published batch's wire fields, empty (fresh buffers: these are transferred). */
function nothingBack(): Pick<WireBatch, 'json' | 'ends' | 'keys' | 'timestamps'> {
  return { json: new Uint8Array(0), ends: new Int32Array(0), keys: [], timestamps: new Float64Array(0) };
}

async function openProducer(init: DecodeWorkerData): Promise<KafkaBus> {
  const o = init.publish!;
  const bus = new KafkaBus({ ...o, clientId: `${o.clientId ?? 'portwatch'}-decode-${threadId}` });
  await bus.connectProducer([TOPICS.indicators]);
  return bus;
}

/**
 * Until Kafka has the indicators, the batch's records stay uncommitted at the source: keep
 * trying (a broker restarting, a leader moving) rather than fail the batch, as the main
 * thread's publishing does; give up only when the thread is stopping.
 */
async function publishUntilAcknowledged(bus: KafkaBus, messages: BusMessage[], stopping: () => boolean) {
  let wait = 250;
  for (;;) {
    try {
      return await bus.publish(TOPICS.indicators, messages);
    } catch (err) {
      if (stopping()) throw err;
      console.error(
        JSON.stringify({
          time: new Date().toISOString(),
          level: 'warn',
          component: 'decode-thread',
          msg: 'bus publish failed; retrying, records stay unacknowledged',
          error: String(err),
          retryInMs: wait,
          records: messages.length,
        }),
      );
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, 5000);
    }
  }
}

function decodeBatch(pipeline: Pipeline, m: Extract<ToWorker, { type: 'batch' | 'texts' }>): WireBatch {
  const route = pipeline.feedRouter.route('kafka', m.topic);
  const count = m.type === 'batch' ? m.ends.length : m.texts.length;
  // An EVE alert's indicator is about 2.4 times its record: room for that, grown if need be.
  const out = new JsonOut(
    3 * (m.type === 'batch' ? m.bytes.length : m.texts.reduce((n, t) => n + t.length, 0)) + 65_536,
  );
  const keys: (string | null)[] = [];
  const times: number[] = [];
  const rejects: DeadLetter[] = [];
  const notUsed: string[] = [];
  const noZone: string[] = [];
  const rec: RawRecord = { via: 'kafka', topic: m.topic, payload: '', receivedAt: m.receivedAt };
  const parsed: ParsedPayload = { record: null, text: '' };
  for (let i = 0; i < count; i++) {
    // Bytes go in as bytes: the pipeline rejects a value that is not valid UTF-8 with a reason.
    const bytes = m.type === 'batch' ? m.bytes.subarray(i === 0 ? 0 : m.ends[i - 1], m.ends[i]) : null;
    rec.payload = bytes ?? (m as Extract<ToWorker, { type: 'texts' }>).texts[i];
    if (m.place) rec.ref = kafkaRef(m.topic, m.place.partition, m.place.offsets[i]);
    const { indicators, rejects: rejected, notUsed: why } = pipeline.process(rec, parsed);
    if (why !== undefined) notUsed.push(why);
    // An indicator whose raw is the very object the decoder parsed carries the record as it
    // arrived (decoders never change a parsed record), not serialized again.
    for (const ind of indicators) {
      if (ind.zoneId === null) noZone.push(ind.zoneReason ?? 'no zone strategy found a zone');
      keys.push(indicatorKey(ind));
      times.push(Date.parse(ind.time));
      if (parsed.record === null || ind.raw !== parsed.record) out.text(JSON.stringify(ind));
      else {
        out.text(jsonWithoutRaw(ind));
        out.text(RAW_MEMBER);
        const text = parsed.text;
        const bom = bytes !== null && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
        // The parsed text is this whole payload in ASCII when the lengths agree: copy its bytes.
        if (bytes !== null && text.length === bytes.length - bom) out.bytes(bytes.subarray(bom));
        else out.text(text);
        out.text('}');
      }
      out.end();
    }
    for (const r of rejected) rejects.push(r);
  }
  const { json, ends } = out.take();
  return {
    feedId: route ? route.feed.id : null,
    received: route ? count : 0,
    published: 0,
    json,
    ends,
    keys,
    timestamps: Float64Array.from(times),
    rejects,
    notUsed,
    noZone,
  };
}

/** Indicator JSON as UTF-8, back to back, in a buffer of its own (never a pooled one: it is transferred). */
class JsonOut {
  private buf: Buffer;
  private at = 0;
  private readonly ends: number[] = [];

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafeSlow(capacity);
  }

  text(t: string): void {
    if (this.at + t.length * 3 > this.buf.length) this.room(Buffer.byteLength(t));
    this.at += this.buf.write(t, this.at, 'utf8');
  }

  bytes(b: Uint8Array): void {
    if (this.at + b.length > this.buf.length) this.room(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
  }

  end(): void {
    this.ends.push(this.at);
  }

  take(): { json: Uint8Array; ends: Int32Array } {
    return { json: new Uint8Array(this.buf.buffer, 0, this.at), ends: Int32Array.from(this.ends) };
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.at + n, this.buf.length * 2));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }
}
