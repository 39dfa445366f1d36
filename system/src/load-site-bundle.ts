// A site with everything the pipeline needs from its folder: plan, feeds, rules, SOPs.
import type { FeedConfig, Site } from '@portwatch/schema';
import { loadSite, loadSops, siteDir, type Sop } from '@portwatch/dashboards';
import { loadFeeds, loadRules, type Rule } from '@portwatch/ingest';
import { decoderFactories } from '@portwatch/ingest/decoders';

export interface SiteBundle {
  site: Site;
  feeds: FeedConfig[];
  rules: Rule[];
  /** The site's standard operating procedures by id (sops.yaml); every rule's `sop` is one of them. */
  sops: Map<string, Sop>;
}

export async function loadSiteBundle(siteOrDir: string): Promise<SiteBundle> {
  const dir = siteOrDir.includes('/') || siteOrDir.includes('\\') ? siteOrDir : siteDir(siteOrDir);
  const site = await loadSite(dir);
  const zoneIds = site.zones.features.map((f) => f.properties.id);
  const feeds = await loadFeeds(site.dir, { knownFormats: Object.keys(decoderFactories), zoneIds });
  const rules = await loadRules(site.dir);
  const sops = await loadSops(site.dir, rules);
  return { site, feeds, rules, sops };
}
