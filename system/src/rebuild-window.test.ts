import { describe, it, expect } from 'vitest';
import { loadSiteBundle } from './load-site-bundle.ts';
import { ConfigError } from './env-values.ts';
import { rebuildWindowMs } from './rebuild-window.ts';

const MIN = 60_000;

describe('REBUILD_WINDOW_S and the rules', () => {
  it('refuses a window shorter than a rule keeps its records, naming the rule and the minimum', async () => {
    const { rules } = await loadSiteBundle('valencia');
    // Valencia's maritime rules have a one-hour timespan: with the default 5 min lateness, 65 min.
    const tooShort = () => rebuildWindowMs({ rebuildWindowMs: 30 * MIN, allowedLatenessMs: 5 * MIN }, rules);
    expect(tooShort).toThrow(ConfigError);
    expect(tooShort).toThrow(
      /REBUILD_WINDOW_S: expected at least 3900 s, got 1800 s: rule "[a-z-]+" \(.*maritime\.yaml\)/,
    );
    expect(rebuildWindowMs({ rebuildWindowMs: 65 * MIN, allowedLatenessMs: 5 * MIN }, rules)).toBe(65 * MIN);
  });

  it('unset, covers every rule, and is never below 30 min', async () => {
    const valencia = (await loadSiteBundle('valencia')).rules;
    expect(rebuildWindowMs({ allowedLatenessMs: 5 * MIN }, valencia)).toBe(65 * MIN);
    expect(rebuildWindowMs({ allowedLatenessMs: 20 * MIN }, valencia)).toBe(80 * MIN);
    const short = valencia.filter((r) => r.correlation.timespanMs <= 10 * MIN);
    expect(rebuildWindowMs({ allowedLatenessMs: 5 * MIN }, short)).toBe(30 * MIN);
  });
});
