// `npm run bench -- decoders`: records/s per decoder on one core (target ≥ 100,000 each),
// and decode+normalize+locate through a Pipeline with the Valencia site and feeds against a
// bare JSON.parse loop over the same records (target ratio ≥ 0.5), measured in one run.
import type { FeedConfig } from '@portwatch/schema';
import { loadSite, siteDir } from '@portwatch/dashboards';
import { loadFeeds, Pipeline, siteLocator, DEFAULT_ENRICHERS, type RawRecord } from '@portwatch/ingest';
import { decoderFactories } from '@portwatch/ingest/decoders';
import { goodFixtures } from '@portwatch/ingest/testing';
import type { BenchSuite } from '../bench-suite.ts';
import { measureDecoderThroughput } from './decoder-throughput.ts';

const MEASURE_MS = 1500;

/** Runs `step` over the records in rounds for about `millis`; returns records per second. */
function rate(records: number, step: (i: number) => void, millis = MEASURE_MS): number {
  for (let i = 0; i < 20_000; i++) step(i % records); // warm up the JIT
  let count = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < millis) {
    for (let i = 0; i < 1000; i++) step((count + i) % records);
    count += 1000;
    elapsed = performance.now() - started;
  }
  return (count / elapsed) * 1000;
}

/**
 * Two loops measured in alternating slices, so that load from other processes on the
 * machine falls on both alike and their ratio stays meaningful. Returns records/s of each.
 */
function interleaved(
  records: number,
  a: (i: number) => void,
  b: (i: number) => void,
  rounds = 30,
  sliceMs = 50,
): [number, number] {
  for (let i = 0; i < 20_000; i++) (a(i % records), b(i % records));
  const count = [0, 0];
  const spent = [0, 0];
  for (let r = 0; r < rounds; r++) {
    [a, b].forEach((step, k) => {
      const started = performance.now();
      let n = 0;
      while (performance.now() - started < sliceMs) {
        for (let i = 0; i < 200; i++) step((n + i) % records);
        n += 200;
      }
      count[k] += n;
      spent[k] += performance.now() - started;
    });
  }
  return [(count[0] / spent[0]) * 1000, (count[1] / spent[1]) * 1000];
}

/** A topic the feed's filter matches, with a sensor id standing in for the wildcard. */
function topicOf(feed: FeedConfig): string {
  return feed.transport === 'mqtt' ? feed.topic.replace(/\+/g, 'bench').replace(/#$/, 'bench') : feed.topic;
}

/** Every good fixture of every Valencia feed's format, as the raw records that feed receives. */
function siteRecords(feeds: FeedConfig[]): { via: 'mqtt' | 'kafka'; topic: string; payload: string; format: string }[] {
  return feeds.flatMap((f) =>
    goodFixtures(f.format).map((payload) => ({ via: f.transport, topic: topicOf(f), payload, format: f.format })),
  );
}

export const suite: BenchSuite = {
  name: 'decoders',
  description:
    'records/s per decoder on one core; the pipeline (decode+normalize+locate) against a bare JSON.parse loop',
  async run(report, log) {
    for (const f of measureDecoderThroughput(undefined, MEASURE_MS)) report(f.figure, f.value, f.unit);

    const site = await loadSite(siteDir('valencia'));
    const declared = await loadFeeds(site.dir, {
      knownFormats: Object.keys(decoderFactories),
      zoneIds: site.zones.features.map((z) => z.properties.id),
    });
    // The rate limit would reject most of a benchmark; it is not what is measured here.
    const feeds = declared.map((f) => ({ ...f, maxRatePerSec: Number.MAX_SAFE_INTEGER }));
    const pipeline = new Pipeline({
      siteId: site.id,
      feeds,
      locator: siteLocator(site),
      decoders: decoderFactories,
      enrichers: DEFAULT_ENRICHERS,
    });
    const all = siteRecords(feeds);
    // JSON.parse only has a meaning for records that are JSON on the wire: the ratio is over those.
    const json = all.filter((r) => r.format !== 'nmea' && r.format !== 'cef');
    log(`${all.length} records of ${feeds.length} Valencia feeds (${json.length} JSON on the wire)`);

    const now = Date.now();
    const raw = (r: (typeof all)[number]): RawRecord => ({
      via: r.via,
      topic: r.topic,
      payload: r.payload,
      receivedAt: now,
    });
    const allRaw = all.map(raw);
    const jsonRaw = json.map(raw);
    const payloads = json.map((r) => r.payload);
    let sink = 0;

    report(
      'pipeline rate, all Valencia feeds',
      rate(allRaw.length, (i) => (sink += pipeline.process(allRaw[i]).indicators.length)),
      'records/s',
    );
    const [piped, parsed] = interleaved(
      jsonRaw.length,
      (i) => (sink += pipeline.process(jsonRaw[i]).indicators.length),
      (i) => (sink += (JSON.parse(payloads[i]) as object) ? 1 : 0),
    );
    report('pipeline rate, JSON feeds', piped, 'records/s');
    report('bare JSON.parse rate, same records', parsed, 'records/s');
    report('pipeline / JSON.parse ratio', piped / parsed, 'ratio');
    if (sink < 0) log('unreachable'); // keeps the loops from being optimised away
  },
};
