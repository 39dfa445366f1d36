// The pipelines behind `portwatch decode` and `portwatch feeds test`: records of one format,
// or of one declared feed, through the same decoders, enrichers and zone lookup as ingest,
// without a bus or a broker.
import type { FeedConfig, Site } from '@portwatch/schema';
import { Pipeline, siteLocator, DEFAULT_ENRICHERS, type ZoneLocator } from '@portwatch/ingest';
import { decoderFactories } from '@portwatch/ingest/decoders';

/** Formats whose records carry the position of what they report (a vessel, a drone). */
const POSITION_FIRST = ['nmea', 'remoteid'];
const NO_SITE: ZoneLocator = { bySensor: () => null, byPosition: () => null, byIp: () => null, hasZone: () => false };

/** The formats a decoder exists for, sorted. */
export function decoderFormats(): string[] {
  return Object.keys(decoderFactories).sort();
}

/** Records of one format, located in `site` when one is given. */
export function formatPipeline(format: string, site: Site | null): Pipeline {
  const feed: FeedConfig = {
    id: `cli-${format}`,
    transport: 'mqtt',
    topic: '#',
    format,
    // A vessel's or drone's own position says where it is; the receiver's does not.
    zone: POSITION_FIRST.includes(format) ? ['position', 'sensor', 'ip'] : ['sensor', 'position', 'ip'],
    maxRecordBytes: 16 * 1024 * 1024,
    maxRatePerSec: Number.MAX_SAFE_INTEGER,
    enabled: true,
  };
  return new Pipeline({
    siteId: site?.id ?? 'none',
    feeds: [feed],
    locator: site ? siteLocator(site) : NO_SITE,
    decoders: decoderFactories,
    enrichers: DEFAULT_ENRICHERS,
  });
}

/**
 * One declared feed — its decoder, mapping, size limit and zone lookup — before it goes live,
 * with a topic its filter matches.
 */
export function feedTestPipeline(site: Site, feed: FeedConfig): { pipeline: Pipeline; topic: string } {
  // Wildcards stand for a sample device.
  const topic = feed.transport === 'mqtt' ? feed.topic.replace(/\+/g, 'sample').replace(/#$/, 'sample') : feed.topic;
  // No rate limit on a test run (it would reject a big sample file for being fast), and a
  // feed switched off in feeds.yaml can still be tested before it is switched on.
  const tested = { ...feed, maxRatePerSec: Number.MAX_SAFE_INTEGER, enabled: true };
  const pipeline = new Pipeline({
    siteId: site.id,
    feeds: [tested],
    locator: siteLocator(site),
    decoders: decoderFactories,
    enrichers: DEFAULT_ENRICHERS,
  });
  return { pipeline, topic };
}
