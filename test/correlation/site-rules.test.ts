// Each rule the sample sites ship, exercised with the records it is written for, and the asset
// graph's propagation into zone risk and incidents.
import { describe, it, expect } from 'vitest';
import { CorrelateService, CorrelationEngine, MemoryBus, RiskModel, loadRules, type Rule } from '@portwatch/ingest';
import { silentLogger } from '../../ingest/src/log.ts';
import { loadSiteBundle, type SiteBundle } from '@portwatch/system';
import type { Indicator } from '@portwatch/schema';
import { at, ind, MIN } from './support.ts';

// A rule shipped disabled is still tested: enabling it must give what it promises.
const engineFor = (b: SiteBundle, only: string) =>
  new CorrelationEngine(
    b.rules.filter((r) => r.id === only).map((r) => ({ ...r, enabled: true })),
    { assets: b.site.assets, allowedLatenessMs: 0 },
  );
const ids = (incs: { ruleId: string; zoneId: string }[]) => incs.map((i) => `${i.ruleId}@${i.zoneId}`);

describe.each(['valencia', 'piraeus'])('%s rules', (siteId) => {
  it('load, with the hybrid rule kept', async () => {
    const b = await loadSiteBundle(siteId);
    const names = b.rules.map((r: Rule) => r.id);
    for (const id of [
      'hybrid-zone-activity',
      'cyber-physical-cascade',
      'door-opened-without-access',
      'cloned-badge',
      'port-scan',
      'ais-gap-near-port',
      'drone-over-restricted-area',
    ])
      expect(names).toContain(id);
    expect(await loadRules(b.site.dir)).toHaveLength(b.rules.length);
  });

  it('cloned-badge: one badge granted in two zones within 2 minutes, not in one zone', async () => {
    const b = await loadSiteBundle(siteId);
    expect(b.rules.find((r) => r.id === 'cloned-badge')!.enabled).toBe(true);
    const [z1, z2] = b.site.zones.features.map((f) => f.properties.id);
    const grant = (ms: number, zoneId: string) =>
      ind({
        time: at(ms),
        zoneId,
        type: 'access.granted',
        severity: 1,
        observables: [{ type: 'badge', value: 'BADGE-7' }],
      });
    const e = engineFor(b, 'cloned-badge');
    e.process(grant(0, z1));
    expect(e.process(grant(30_000, z1))).toEqual([]);
    const [inc] = e.process(grant(90_000, z2));
    expect(inc).toMatchObject({ ruleId: 'cloned-badge', zoneId: z2, affectedZones: [z1, z2].sort() });
  });

  it('port-scan: 20 denials from one source in a minute', async () => {
    const b = await loadSiteBundle(siteId);
    const e = engineFor(b, 'port-scan');
    const out = [];
    for (let k = 0; k < 20; k++)
      out.push(
        ...e.process(
          ind({
            time: at(k * 2_000),
            zoneId: 'data-centre',
            domain: 'cyber',
            type: 'fw.deny',
            severity: 2,
            observables: [
              { type: 'ip', value: '10.9.9.9' },
              { type: 'ip', value: `10.1.1.${k}` },
            ],
          }),
        ),
      );
    expect(ids(out)).toEqual(['port-scan@data-centre']);
  });

  it('ais-gap-near-port: a gap in the approach channel, not at the anchorage', async () => {
    const b = await loadSiteBundle(siteId);
    const e = engineFor(b, 'ais-gap-near-port');
    const gap = (zoneId: string) =>
      ind({
        time: at(0),
        zoneId,
        type: 'ais.gap',
        severity: 3,
        confidence: 70,
        observables: [{ type: 'mmsi', value: '224123450' }],
      });
    expect(e.process(gap('outer-anchorage'))).toEqual([]);
    expect(ids(e.process(gap('approach-channel')))).toEqual(['ais-gap-near-port@approach-channel']);
  });

  it('drone-over-restricted-area: a Remote ID broadcast over the data centre', async () => {
    const b = await loadSiteBundle(siteId);
    const e = engineFor(b, 'drone-over-restricted-area');
    expect(
      ids(
        e.process(
          ind({
            time: at(0),
            zoneId: 'data-centre',
            type: 'drone.detected',
            severity: 3,
            confidence: 80,
            observables: [{ type: 'uas_id', value: 'X1' }],
          }),
        ),
      ),
    ).toEqual(['drone-over-restricted-area@data-centre']);
  });

  it('door-opened-without-access: an opened door with no grant in the 30 s before it', async () => {
    const b = await loadSiteBundle(siteId);
    const e = engineFor(b, 'door-opened-without-access');
    e.process(ind({ time: at(0), zoneId: 'data-centre', type: 'access.granted', severity: 1 }));
    e.process(ind({ time: at(10_000), zoneId: 'data-centre', type: 'access.door_opened', severity: 1 }));
    e.process(ind({ time: at(5 * MIN), zoneId: 'data-centre', type: 'access.door_opened', severity: 1 }));
    expect(ids(e.advance(Date.parse(at(10 * MIN))))).toEqual(['door-opened-without-access@data-centre']);
  });

  it('hybrid-zone-activity: a routine low-confidence camera hit is not enough', async () => {
    const b = await loadSiteBundle(siteId);
    const e = engineFor(b, 'hybrid-zone-activity');
    e.process(ind({ time: at(0), zoneId: 'data-centre', domain: 'cyber', type: 'ids.alert', severity: 4 }));
    expect(
      e.process(
        ind({ time: at(MIN), zoneId: 'data-centre', type: 'video.object_in_field', severity: 3, confidence: 70 }),
      ),
    ).toEqual([]);
    expect(
      ids(
        e.process(
          ind({ time: at(2 * MIN), zoneId: 'data-centre', type: 'perimeter.climb', severity: 4, confidence: 80 }),
        ),
      ),
    ).toEqual(['hybrid-zone-activity@data-centre']);
  });

  it('cyber-physical-cascade: the gate-control server hit, then the gate forced — in the gate zone, not the data centre', async () => {
    const b = await loadSiteBundle(siteId);
    const srv = b.site.assets.find((a) => a.id === 'gate-control-srv')!;
    const gateZone = srv.controls![0];
    const e = engineFor(b, 'cyber-physical-cascade');
    e.process(
      ind({ time: at(0), zoneId: srv.zoneId, domain: 'cyber', type: 'ids.alert', severity: 4, assetId: srv.id }),
    );
    expect(
      e.process(ind({ time: at(MIN), zoneId: srv.zoneId, type: 'perimeter.climb', severity: 4, confidence: 80 })),
    ).toEqual([]);
    const [inc] = e.process(ind({ time: at(2 * MIN), zoneId: gateZone, type: 'access.door_forced', severity: 4 }));
    expect(inc).toMatchObject({
      ruleId: 'cyber-physical-cascade',
      zoneId: gateZone,
      severity: 5,
      domains: ['physical', 'cyber'],
    });
    expect(inc.affectedZones).toEqual(expect.arrayContaining([srv.zoneId, gateZone]));
  });
});

describe('propagation into zone risk', () => {
  it('a compromise of the TOS raises the terminals that depend on it, naming the asset, and the zone states come out with it', async () => {
    const b = await loadSiteBundle('valencia');
    const zoneIds = b.site.zones.features.map((f) => f.properties.id);
    const risk = new RiskModel('valencia', zoneIds, { assets: b.site.assets, halfLifeMs: 10 * MIN });
    const svc = new CorrelateService({
      bus: new MemoryBus(),
      engine: new CorrelationEngine(b.rules, { assets: b.site.assets }),
      risk,
      log: silentLogger,
      sweepMs: 0,
    });
    const hit: Indicator = ind({
      time: at(0),
      zoneId: 'data-centre',
      domain: 'cyber',
      type: 'ids.alert',
      severity: 4,
      assetId: 'tos-srv',
    });
    const out = svc.step([hit]);
    const byZone = Object.fromEntries(out.zones.map((z) => [z.zoneId, z]));
    for (const z of ['msc-terminal', 'csp-terminal', 'apm-terminal']) {
      expect(byZone[z].cyber).toBeGreaterThan(0);
      expect(byZone[z].propagatedFrom).toEqual(['tos-srv']);
    }
    expect(byZone['data-centre'].propagatedFrom).toBeUndefined();
    expect(byZone['cruise-terminal']).toBeUndefined();
    // The configured half-life: ten minutes later the propagated part has halved.
    const later = risk.snapshot('live', Date.parse(at(10 * MIN))).find((z) => z.zoneId === 'msc-terminal')!;
    expect(later.cyber).toBeCloseTo(byZone['msc-terminal'].cyber / 2, 0);
  });

  it('a low-severity cyber record on an asset does not propagate', async () => {
    const b = await loadSiteBundle('valencia');
    const risk = new RiskModel('valencia', [], { assets: b.site.assets });
    expect(
      risk.observeAll(
        ind({
          time: at(0),
          zoneId: 'data-centre',
          domain: 'cyber',
          type: 'ids.alert',
          severity: 2,
          assetId: 'tos-srv',
        }),
      ),
    ).toHaveLength(1);
  });

  it('an incident lists and raises the zones it cascades into', async () => {
    const b = await loadSiteBundle('valencia');
    const zoneIds = b.site.zones.features.map((f) => f.properties.id);
    const engine = new CorrelationEngine(
      b.rules.filter((r) => r.id === 'hybrid-zone-activity'),
      { assets: b.site.assets },
    );
    const svc = new CorrelateService({
      bus: new MemoryBus(),
      engine,
      risk: new RiskModel('valencia', zoneIds, { assets: b.site.assets }),
      log: silentLogger,
      sweepMs: 0,
    });
    svc.step([
      ind({
        time: at(0),
        zoneId: 'data-centre',
        domain: 'cyber',
        type: 'ids.alert',
        severity: 4,
        assetId: 'gate-control-srv',
      }),
    ]);
    const out = svc.step([ind({ time: at(MIN), zoneId: 'data-centre', type: 'access.door_forced', severity: 4 })]);
    expect(out.incidents[0].affectedZones).toEqual(['data-centre', 'gate-north']);
    const gate = out.zones.find((z) => z.zoneId === 'gate-north')!;
    expect(gate.openIncidents).toBe(1);
    expect(gate.propagatedFrom).toEqual(['gate-control-srv']);
  });
});
