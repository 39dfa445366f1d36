// `portwatch feeds test --site <dir> --feed <id>`: sample records on stdin through one
// declared feed — its decoder, mapping, size limit and zone lookup — before it goes live.
import { decoderFactories } from '@portwatch/ingest/decoders';
import { Pipeline, siteLocator, DEFAULT_ENRICHERS } from '@portwatch/ingest';
import { loadSiteBundle } from '@portwatch/system';
import { UsageError } from '../usage.ts';
import { parseArgs } from './args.ts';
import { runLines, withUsageErrors } from './decode.ts';

export const feedsTest = withUsageErrors(async (argv: string[]): Promise<number> => {
  const { flags, positionals } = parseArgs(argv, { values: ['site', 'feed'] });
  if (positionals.length)
    throw new UsageError(`feeds test: unexpected argument "${positionals[0]}" (records come on stdin)`);
  if (typeof flags.site !== 'string' || typeof flags.feed !== 'string')
    throw new UsageError('feeds test: --site and --feed are required');
  const { site, feeds } = await loadSiteBundle(flags.site);
  const feed = feeds.find((f) => f.id === flags.feed);
  if (!feed)
    throw new UsageError(
      `feeds test: no feed "${flags.feed}" in ${site.dir}/feeds.yaml (feeds: ${feeds.map((f) => f.id).join(', ')})`,
    );
  // A topic the feed's filter matches; wildcards stand for a sample device.
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
  return runLines(pipeline, topic, feed.transport);
});
