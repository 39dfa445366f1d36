// The correlate service lets event time pass while feeds are quiet (absences become due),
// pushes the zones a compromise cascades into together with the rest, and after an embedded
// restart goes on with the stored incidents that were open for longer than its rebuild window.
import { describe, it, expect } from 'vitest';
import { TOPICS, type Incident, type Indicator } from '@portwatch/schema';
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

  it('after an embedded restart, goes on with an incident open for longer than the rebuild window', async () => {
    const b = await loadSiteBundle('valencia');
    const zoneIds = b.site.zones.features.map((f) => f.properties.id);
    const service = (bus = new MemoryBus()) =>
      new CorrelateService({
        bus,
        engine: new CorrelationEngine(b.rules, { assets: b.site.assets }),
        risk: new RiskModel('valencia', zoneIds),
        log: silentLogger,
        sweepMs: 0,
      });
    const t0 = Date.now() - 100 * MIN;
    // A door forced and an IDS alert at the north gate every 20 min: hybrid-zone-activity (30 min suppression) stays open.
    const pair = (m: number): Indicator[] => [
      ind({ time: new Date(t0 + m * MIN).toISOString(), zoneId: 'gate-north', confidence: 90 }),
      ind({
        time: new Date(t0 + (m + 1) * MIN).toISOString(),
        zoneId: 'gate-north',
        domain: 'cyber',
        type: 'ids.alert',
      }),
    ];
    const before = [0, 20, 40, 60, 80].flatMap(pair);
    const first = service();
    const stored = new Map<string, Incident>();
    for (const inc of first.step(before).incidents.filter((i) => i.ruleId === 'hybrid-zone-activity'))
      stored.set(inc.id, inc);
    expect(stored.size).toBe(1);

    // Restarted with a 65 min window: the stored records since 35 min (the pairs at 40, 60, 80) and the stored incidents.
    const bus = new MemoryBus();
    const published: Incident[] = [];
    const watch = await bus.subscribe({ groupId: 'watch', topics: [TOPICS.incidents] }, async (batch) => {
      for (const m of batch.messages) published.push(JSON.parse(m.value) as Incident);
    });
    const second = service(bus);
    const since = t0 + 35 * MIN;
    async function* window() {
      yield before.filter((i) => Date.parse(i.time) >= since);
    }
    await second.rebuildFrom(window(), [], [...stored.values()]);
    const after = second.step(pair(100)).incidents.filter((i) => i.ruleId === 'hybrid-zone-activity');
    await watch.caughtUp();
    await watch.stop();
    const ids = new Set([...published, ...after].filter((i) => i.ruleId === 'hybrid-zone-activity').map((i) => i.id));
    expect(ids).toEqual(new Set(stored.keys()));
    expect(after[after.length - 1].indicatorIds).toHaveLength(12);
  });
});
