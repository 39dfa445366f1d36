import { describe, expect, it } from 'vitest';
import { loadSite, siteDir } from '@portwatch/dashboards';
import { SitePlan } from './site-plan.ts';

describe('site plan lookups for scenarios', () => {
  it('takes each site’s own IP plan for the same asset and zone', async () => {
    const valencia = new SitePlan(await loadSite(siteDir('valencia')));
    const piraeus = new SitePlan(await loadSite(siteDir('piraeus')));
    expect([valencia.ip('cruise-ctrl-pc'), piraeus.ip('cruise-ctrl-pc')]).toEqual(['10.20.1.21', '10.30.1.21']);
    expect(valencia.ip('tos-srv', 1)).toBe('10.20.5.21');
    expect(piraeus.host('cruise-terminal', 61)).toBe('10.30.1.61');
    expect([valencia.has('PIDS-CT-2'), piraeus.has('PIDS-CT-2')]).toEqual([false, true]);
  });

  it('names the site, the file and the id of what a site lacks', async () => {
    const plan = new SitePlan(await loadSite(siteDir('valencia')));
    expect(() => plan.ip('cruise-nvr')).toThrow('site "valencia" declares no asset "cruise-nvr" (assets.yaml)');
    expect(() => plan.ip('tos-srv', 2)).toThrow('asset "tos-srv" of site "valencia" has no address #2');
    expect(() => plan.host('inner-basin', 5)).toThrow(
      'zone "inner-basin" of site "valencia" has no network (zones.geojson)',
    );
  });
});
