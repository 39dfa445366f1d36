// The ingest pipeline as a worker runs it on Kafka — the Kafka consumer on the main thread,
// decoding in worker threads that produce the indicators to Kafka — counting what it produced.
// Run in this process by the kafka suite, or as a child process (one worker of a group).
import {
  KafkaBus,
  Pipeline,
  IngestService,
  DecodeThread,
  DEFAULT_ENRICHERS,
  siteLocator,
  silentLogger,
  type Bus,
} from '@portwatch/ingest';
import { decoderFactories } from '@portwatch/ingest/decoders';
import type { FeedConfig } from '@portwatch/schema';
import { loadSiteBundle, defaultDecodeThreads } from '@portwatch/system';

export interface KafkaIngest {
  produced(): number;
  stop(): Promise<void>;
}

export async function startKafkaIngest(brokers: string[], ns: string, groupId: string): Promise<KafkaIngest> {
  const { site, feeds } = await loadSiteBundle('valencia');
  // Throughput, not the feeds' rate limits.
  const unlimited: FeedConfig[] = feeds.map((f) => ({ ...f, maxRatePerSec: Number.MAX_SAFE_INTEGER }));
  const kafka = new KafkaBus({ brokers, namespace: ns, clientId: `bench-${groupId}-${process.pid}` });
  await kafka.connect();
  let produced = 0;
  const bus: Bus = {
    kind: 'kafka',
    subscribe: (o, h) => kafka.subscribe(o, h),
    publish: async (t, m) => {
      await kafka.publish(t, m);
      produced += m.length;
    },
    close: () => kafka.close(),
  };
  const decodeThread = new DecodeThread({
    siteDir: site.dir,
    feeds: unlimited,
    mainThreadFormats: Object.keys(DEFAULT_ENRICHERS),
    threads: defaultDecodeThreads(),
    publish: kafka.clientOptions(),
  });
  await decodeThread.start();
  const ingest = new IngestService({
    pipeline: new Pipeline({
      siteId: site.id,
      feeds: unlimited,
      locator: siteLocator(site),
      decoders: decoderFactories,
      enrichers: DEFAULT_ENRICHERS,
    }),
    bus,
    log: silentLogger,
    decodeThread,
    groupId,
  });
  await ingest.start();
  return {
    produced: () => produced + decodeThread.published,
    stop: async () => {
      await ingest.stop();
      await kafka.close();
    },
  };
}

// As a child process: `kafka-ingest.ts <brokers> <ns> <group>`, reporting its count to the parent.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!) && process.send) {
  const [brokers, ns, group] = process.argv.slice(2);
  const run = await startKafkaIngest(brokers.split(','), ns, group);
  const timer = setInterval(() => process.send!({ produced: run.produced() }), 100);
  process.on('message', async (m) => {
    if (m === 'stop') {
      clearInterval(timer);
      await run.stop();
      process.exit(0);
    }
  });
}
