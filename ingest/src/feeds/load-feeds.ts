// Reads and validates a site's feeds.yaml. An error names the file, the key and what was expected.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ajv, describeErrors, feedFileSchema, FEED_DEFAULTS, type FeedConfig } from '@portwatch/schema';
import { isValidMqttFilter } from './topic-match.ts';
import { validateJsonMapping } from '../decoders/json/index.ts';

const validateFile = ajv.compile(feedFileSchema);

export class FeedConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'FeedConfigError';
  }
}

export interface FeedCheckContext {
  knownFormats: string[];
  zoneIds: string[];
}

export function parseFeeds(text: string, file: string, ctx: FeedCheckContext): FeedConfig[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new FeedConfigError(file, [`not valid YAML: ${(err as Error).message}`]);
  }
  if (!validateFile(doc)) {
    throw new FeedConfigError(file, [describeErrors(validateFile.errors).replace(/^feeds\.(\d+)/, 'feeds[$1]')]);
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  const feeds = (doc as { feeds: Partial<FeedConfig>[] }).feeds.map((raw, i) => {
    const at = `feeds[${i}]`;
    const feed: FeedConfig = { ...FEED_DEFAULTS, ...raw } as FeedConfig;
    if (seen.has(feed.id)) problems.push(`${at}.id: duplicate feed id "${feed.id}"`);
    seen.add(feed.id);
    if (!ctx.knownFormats.includes(feed.format))
      problems.push(`${at}.format: unknown format "${feed.format}" (expected one of ${ctx.knownFormats.join(', ')})`);
    if (feed.transport === 'mqtt' && !isValidMqttFilter(feed.topic))
      problems.push(`${at}.topic: "${feed.topic}" is not a valid MQTT topic filter`);
    if (feed.zone.includes('fixed')) {
      if (!feed.fixedZone) problems.push(`${at}.fixedZone: required when zone includes "fixed"`);
      else if (!ctx.zoneIds.includes(feed.fixedZone))
        problems.push(`${at}.fixedZone: unknown zone "${feed.fixedZone}"`);
    }
    if (feed.format === 'json' && !feed.mapping) problems.push(`${at}.mapping: required for format "json"`);
    // A bad mapping would only fail when the decoder is built — at start, or worse at a hot reload.
    else if (feed.format === 'json') for (const p of validateJsonMapping(feed.mapping)) problems.push(`${at}.${p}`);
    return feed;
  });
  if (problems.length) throw new FeedConfigError(file, problems);
  return feeds;
}

export async function loadFeeds(siteDir: string, ctx: FeedCheckContext): Promise<FeedConfig[]> {
  const file = join(siteDir, 'feeds.yaml');
  if (!existsSync(file)) return [];
  return parseFeeds(await readFile(file, 'utf8'), file, ctx);
}
