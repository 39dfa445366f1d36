// `portwatch rules check --site <dir>`: every rule validated, and the SOP each names found in
// the site's sops.yaml; errors name file, rule and key.
import { join } from 'node:path';
import { loadRules, ruleStage, RuleConfigError } from '@portwatch/ingest';
import { loadSops, siteDir, SiteConfigError } from '@portwatch/dashboards';
import { UsageError } from '../usage.ts';
import { parseArgs } from './args.ts';

export async function rulesCheck(argv: string[]): Promise<number> {
  const { flags } = parseArgs(argv, { values: ['site'] });
  if (typeof flags.site !== 'string') throw new UsageError('rules check: --site is required');
  const dir = flags.site.includes('/') ? flags.site : siteDir(flags.site);
  try {
    const rules = await loadRules(dir);
    await loadSops(dir, rules);
    // Where a rule runs on a scaled deployment (ingest/src/correlate/stages.ts); the embedded
    // default runs every rule in one stage.
    const where = (r: (typeof rules)[number]) =>
      ruleStage(r) === 'zone' ? 'stage 1 (per zone)' : 'stage 2 (per site: its group spans zones)';
    for (const r of rules)
      process.stdout.write(
        `${r.enabled ? 'ok' : 'off'}  ${r.id}  (${r.correlation.type}, ${r.file})  ${where(r)}${r.enabled ? '' : '  disabled: validated, not run'}\n`,
      );
    process.stdout.write(`${rules.length} rule(s) valid\n`);
    return 0;
  } catch (err) {
    if (err instanceof RuleConfigError) {
      for (const p of err.problems) process.stderr.write(`error  ${p}\n`);
      process.stderr.write(`${err.problems.length} problem(s)\n`);
      return 1;
    }
    if (err instanceof SiteConfigError) {
      for (const i of err.issues)
        process.stderr.write(`error  ${join(dir, i.file)}: ${i.path ? `${i.path}: ` : ''}${i.message}\n`);
      process.stderr.write(`${err.issues.length} problem(s)\n`);
      return 1;
    }
    throw err;
  }
}
