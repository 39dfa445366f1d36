// `portwatch feeds test --site <dir> --feed <id>`: sample records on stdin through one
// declared feed — its decoder, mapping, size limit and zone lookup — before it goes live.
import { feedTestPipeline, loadSiteBundle } from '@portwatch/system';
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
  const { pipeline, topic } = feedTestPipeline(site, feed);
  return runLines(pipeline, topic, feed.transport);
});
