// One error for everything wrong with a site folder, so that an engineer fixing a site plan
// sees every problem in one run instead of one per restart.

export interface SiteIssue {
  /** File name inside the site folder, e.g. `sensors.geojson`. */
  file: string;
  /** Key path inside the file, e.g. `features[12].properties.zoneId`; empty for the whole file. */
  path: string;
  message: string;
}

export function formatIssue(issue: SiteIssue): string {
  return issue.path ? `${issue.file}: ${issue.path}: ${issue.message}` : `${issue.file}: ${issue.message}`;
}

export class SiteConfigError extends Error {
  override readonly name = 'SiteConfigError';
  readonly dir: string;
  readonly issues: readonly SiteIssue[];

  constructor(dir: string, issues: SiteIssue[]) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(`site ${dir}: ${count}\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
    this.dir = dir;
    this.issues = issues;
  }
}
