export { loadSite, SITE_FILES } from './load-site.ts';
export { SiteConfigError, formatIssue, type SiteIssue } from './site-config-error.ts';
export { pointInPolygon, locateZone, ipInCidr, buildSiteIndex, type SiteIndex } from './geo.ts';
export { SITES_DIR, listSites, siteDir } from './sites.ts';
export { loadSops, SOPS_FILE, type Sop, type SopReference } from './load-sops.ts';
