// A site with everything the pipeline needs from its folder: plan, feeds, rules.
import type { FeedConfig, Site } from '@portwatch/schema';
import { loadSite, siteDir } from '@portwatch/dashboards';
import { loadFeeds, loadRules, type Rule } from '@portwatch/ingest';
import { decoderFactories } from '@portwatch/ingest/decoders';

export interface SiteBundle {
  site: Site;
  feeds: FeedConfig[];
  rules: Rule[];
}

export async function loadSiteBundle(siteOrDir: string): Promise<SiteBundle> {
  const dir = siteOrDir.includes('/') || siteOrDir.includes('\\') ? siteOrDir : siteDir(siteOrDir);
  const site = await loadSite(dir);
  const zoneIds = site.zones.features.map((f) => f.properties.id);
  const feeds = await loadFeeds(site.dir, { knownFormats: Object.keys(decoderFactories), zoneIds });
  const rules = await loadRules(site.dir);
  return { site, feeds, rules };
}
