// `portwatch feeds test --site <dir> --feed <id>`: sample records on stdin through one
// declared feed — its decoder, mapping, limits and zone lookup.
import { decoderFactories } from '@portwatch/ingest/decoders';
import { Pipeline, siteLocator, DEFAULT_ENRICHERS } from '@portwatch/ingest';
import { loadSiteBundle } from '@portwatch/api/system/load-site-bundle';
import { UsageError } from '../cli.ts';
import { parseArgs } from './args.ts';
import { runLines } from './decode.ts';

export async function feedsTest(argv: string[]): Promise<number> {
  const { flags } = parseArgs(argv, { values: ['site', 'feed'] });
  if (typeof flags.site !== 'string' || typeof flags.feed !== 'string') throw new UsageError('feeds test: --site and --feed are required');
  const { site, feeds } = await loadSiteBundle(flags.site);
  const feed = feeds.find((f) => f.id === flags.feed);
  if (!feed) throw new UsageError(`feeds test: no feed "${flags.feed}" in ${site.dir}/feeds.yaml (feeds: ${feeds.map((f) => f.id).join(', ')})`);
  const topic = feed.transport === 'mqtt' ? feed.topic.replace(/\+/g, 'sample').replace(/#$/, 'sample') : feed.topic;
  // No rate limit on a test run: it would reject a big sample file for being fast.
  const pipeline = new Pipeline({ siteId: site.id, feeds: [{ ...feed, maxRatePerSec: Number.MAX_SAFE_INTEGER }], locator: siteLocator(site), decoders: decoderFactories, enrichers: DEFAULT_ENRICHERS });
  return runLines(pipeline, topic);
}
