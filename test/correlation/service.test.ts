// The correlate service lets event time pass while feeds are quiet (absences become due), and
// pushes the zones a compromise cascades into together with the rest.
import { describe, it, expect } from 'vitest';
import { CorrelateService, CorrelationEngine, MemoryBus, RiskModel } from '@portwatch/ingest';
import { silentLogger } from '../../ingest/src/log.ts';
import { loadSiteBundle } from '@portwatch/system';
import { ind, MIN } from './support.ts';

describe('correlate service', () => {
  it('raises a door-opened-without-access absence once the wall clock has moved past it, with no record after it', async () => {
    const b = await loadSiteBundle('valencia');
    const zoneIds = b.site.zones.features.map((f) => f.properties.id);
    const svc = new CorrelateService({
      bus: new MemoryBus(),
      engine: new CorrelationEngine(b.rules, { assets: b.site.assets }),
      risk: new RiskModel('valencia', zoneIds),
      log: silentLogger,
      sweepMs: 0,
    });
    const now = Date.now();
    svc.step([
      ind({ time: new Date(now).toISOString(), zoneId: 'data-centre', type: 'access.door_opened', severity: 1 }),
    ]);
    // Within the lateness nothing is decided yet.
    expect(svc.advance(now + MIN).incidents).toEqual([]);
    const out = svc.advance(now + 10 * MIN);
    expect(out.incidents.map((i) => i.ruleId)).toEqual(['door-opened-without-access']);
    expect(out.zones.find((z) => z.zoneId === 'data-centre')?.openIncidents).toBe(1);
  });

  it('pushes the dependent zones of a compromised asset with the step', async () => {
    const b = await loadSiteBundle('valencia');
    const zoneIds = b.site.zones.features.map((f) => f.properties.id);
    const svc = new CorrelateService({
      bus: new MemoryBus(),
      engine: new CorrelationEngine(b.rules, { assets: b.site.assets }),
      risk: new RiskModel('valencia', zoneIds, { assets: b.site.assets }),
      log: silentLogger,
      sweepMs: 0,
    });
    const out = svc.step([
      ind({
        time: new Date().toISOString(),
        zoneId: 'data-centre',
        domain: 'cyber',
        type: 'ids.alert',
        severity: 4,
        assetId: 'vms-srv',
      }),
    ]);
    const csp = out.zones.find((z) => z.zoneId === 'csp-terminal');
    expect(csp?.propagatedFrom).toEqual(['vms-srv']);
  });
});
