// What the pipeline holds per declared feed (its decoder, rate bucket and reused contexts),
// and how a feed set swapped without a restart keeps the state of feeds that did not change.
import type { FeedConfig } from '@portwatch/schema';
import type { DecodeContext, Decoder, DecoderFactory } from '../decoders/decoder.ts';
import type { Enricher } from './enrichers.ts';
import type { NormalizeContext } from './normalize.ts';
import { TokenBucket } from './rate-limit.ts';

/** What the pipeline holds per declared feed, found with one lookup per record. */
export interface Lane {
  feed: FeedConfig;
  decoder: Decoder;
  bucket: TokenBucket;
  /** Per mode (and exercise), reused record after record (only ingestTime changes). */
  contexts: Partial<Record<string, NormalizeContext>>;
  enrichers: Partial<Record<string, Enricher | null>>;
  /** Reused record after record: decoders read it (parseJsonObject sets parsedRecord) and keep none of it. */
  decodeContext: DecodeContext;
}

/** The lane of feed `f`, keeping the decoder and bucket of its `old` lane when they still fit. */
export function makeLane(f: FeedConfig, old: Lane | undefined, decoders: Record<string, DecoderFactory>): Lane {
  let decoder: Decoder;
  if (old && old.feed.format === f.format && JSON.stringify(old.feed.mapping) === JSON.stringify(f.mapping))
    decoder = old.decoder;
  else {
    const factory = decoders[f.format];
    if (!factory) throw new Error(`feed "${f.id}": no decoder for format "${f.format}"`);
    decoder = factory({ mapping: f.mapping });
  }
  // Twice the rate as burst: ingest already paces MQTT bursts to the rate (sources/pacer.ts),
  // so paced traffic never trips this; a flood the pacer gives up on still does.
  const bucket =
    old && old.feed.maxRatePerSec === f.maxRatePerSec
      ? old.bucket
      : new TokenBucket(f.maxRatePerSec, 2 * f.maxRatePerSec);
  return {
    feed: f,
    decoder,
    bucket,
    contexts: {},
    enrichers: {},
    decodeContext: { feedId: f.id, topic: '', receivedAt: new Date(NaN), parsedRecord: null },
  };
}
