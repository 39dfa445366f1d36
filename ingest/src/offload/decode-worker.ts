// Inside the decode thread (see decode-thread.ts): a Pipeline of its own over the site's
// feeds, turning each batch of raw values into bus messages. Feed health is counted by the
// main thread from what comes back, so the API sees one set of counters.
import { parentPort, workerData } from 'node:worker_threads';
import { loadSite } from '@portwatch/dashboards';
import { decoderFactories } from '../decoders/index.ts';
import { lastParse } from '../decoders/record-fields.ts';
import { Pipeline, type RawRecord, type Rejected } from '../pipeline/pipeline.ts';
import { siteLocator } from '../pipeline/site-locator.ts';
import { indicatorMessage } from '../bus/messages.ts';
import type { DecodeWorkerData, FromWorker, ToWorker, WireBatch } from './decode-thread.ts';

const port = parentPort!;
const init = workerData as DecodeWorkerData;

try {
  const site = await loadSite(init.siteDir);
  const pipeline = new Pipeline({ siteId: site.id, feeds: init.feeds, locator: siteLocator(site), decoders: decoderFactories, mode: init.mode });
  port.on('message', (m: ToWorker) => {
    if (m.type === 'feeds') pipeline.setFeeds(m.feeds);
    else {
      const result = decodeBatch(pipeline, m);
      port.postMessage({ type: 'result', id: m.id, result } satisfies FromWorker, [result.ends.buffer as ArrayBuffer, result.timestamps.buffer as ArrayBuffer]);
    }
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
} catch (err) {
  port.postMessage({ type: 'failed', error: err instanceof Error ? err.message : String(err) } satisfies FromWorker);
}

function decodeBatch(pipeline: Pipeline, m: Extract<ToWorker, { type: 'batch' | 'texts' }>): WireBatch {
  const route = pipeline.feedRouter.route('kafka', m.topic);
  const count = m.type === 'batch' ? m.ends.length : m.texts.length;
  const texts: string[] = [];
  const keys: (string | null)[] = [];
  const times: number[] = [];
  const rejects: Rejected[] = [];
  const rec: RawRecord = { via: 'kafka', topic: m.topic, payload: '', receivedAt: m.receivedAt };
  for (let i = 0; i < count; i++) {
    // Bytes go in as bytes: the pipeline rejects a value that is not valid UTF-8 with a reason.
    rec.payload = m.type === 'batch' ? m.bytes.subarray(i === 0 ? 0 : m.ends[i - 1], m.ends[i]) : m.texts[i];
    const out = pipeline.process(rec);
    // The record the decoder just parsed: an indicator whose raw is that very object carries
    // its text (decoders never change a parsed record), saving a second serialization.
    const parsed = lastParse.record;
    for (const ind of out.indicators) {
      const msg = indicatorMessage(ind, parsed !== null && ind.raw === parsed ? lastParse.text : undefined);
      texts.push(msg.value);
      keys.push(msg.key);
      times.push(msg.timestamp);
    }
    for (const r of out.rejects) rejects.push(r);
  }
  const ends = new Int32Array(texts.length);
  let at = 0;
  for (let i = 0; i < texts.length; i++) ends[i] = at += texts[i].length;
  return { feedId: route ? route.feed.id : null, received: route ? count : 0, texts: texts.join(''), ends, keys, timestamps: Float64Array.from(times), rejects };
}
