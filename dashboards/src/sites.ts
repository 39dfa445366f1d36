// The sample sites ship inside this package: one folder per site, named after its id.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the dashboards folder (the parent of every site folder). */
export const SITES_DIR = fileURLToPath(new URL('..', import.meta.url)).replace(/[\\/]$/, '');

/** Ids of the sites shipped here: folders holding a site.yaml, sorted. */
export function listSites(): string[] {
  return readdirSync(SITES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(SITES_DIR, entry.name, 'site.yaml')))
    .map((entry) => entry.name)
    .sort();
}

/** Folder of a shipped site; throws naming the known sites when the id is not one of them. */
export function siteDir(id: string): string {
  const known = listSites();
  if (!known.includes(id)) throw new Error(`unknown site "${id}" (expected one of ${known.join(', ')})`);
  return join(SITES_DIR, id);
}
