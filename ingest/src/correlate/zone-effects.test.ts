// Zone risk split between workers: a zone's holder applying the effects another worker
// published must end where one model holding every zone ends.
import { describe, it, expect } from 'vitest';
import { readZoneEffectMessage, zoneEffectMessage, type Incident, type Indicator } from '@portwatch/schema';
import { RiskModel } from './risk.ts';
import { EffectApplier, compromiseEffects, incidentEffect } from './zone-effects.ts';

const ZONES = ['data-centre', 'gate-north', 'gate-south'];
const ASSETS = [
  { id: 'gate-control-srv', zoneId: 'data-centre', controls: ['gate-north', 'gate-south'] },
  { id: 'barrier-gn', zoneId: 'gate-north', dependsOn: ['gate-control-srv'] },
];
const model = (partial = false) => new RiskModel('valencia', ZONES, { assets: ASSETS, partial });

const alert = (id: string, sec: number, severity: Indicator['severity']): Indicator => ({
  id,
  time: new Date(Date.parse('2026-01-15T02:00:00Z') + sec * 1000).toISOString(),
  ingestTime: '2026-01-15T02:00:00Z',
  mode: 'live',
  siteId: 'valencia',
  zoneId: 'data-centre',
  domain: 'cyber',
  type: 'ids.alert',
  title: 'ET EXPLOIT',
  severity,
  confidence: 90,
  location: null,
  source: { feed: 'suricata', format: 'eve', sensorId: 'ids-dc' },
  observables: [],
  tags: [],
  assetId: 'gate-control-srv',
});

const incident = { id: 'inc-1', mode: 'live', siteId: 'valencia', severity: 5, lastSeen: '2026-01-15T02:01:00.000Z' };

describe('zone effects', () => {
  it('a compromise and an incident applied by the zone holder give the state one model gives', () => {
    const one = model();
    const holderOfDc = model(true);
    const holderOfGates = model(true);
    const applier = new EffectApplier(3_600_000);
    const records = [alert('a1', 0, 4), alert('a2', 30, 5)];
    for (const ind of records) {
      one.observeAll(ind);
      holderOfDc.observeOwn(ind);
      // Over the bus and back: what the holder of the gates reads.
      const effects = compromiseEffects(holderOfDc, ind).map((e) => readZoneEffectMessage(zoneEffectMessage(e).value));
      expect(effects.map((e) => e.ok && e.value.zoneId)).toEqual(['gate-north', 'gate-south']);
      applier.apply(
        holderOfGates,
        effects.map((e) => (e.ok ? e.value : null!)),
      );
    }
    one.incident('live', 'gate-north', 5, true, 'gate-control-srv');
    applier.apply(holderOfGates, [incidentEffect(incident as Incident, 'gate-north', 'gate-control-srv')]);
    const at = Date.parse('2026-01-15T02:05:00Z');
    const split = [...holderOfDc.snapshot('live', at), ...holderOfGates.snapshot('live', at)];
    expect(split.sort((a, b) => a.zoneId.localeCompare(b.zoneId))).toEqual(one.snapshot('live', at));
    expect(split.find((z) => z.zoneId === 'gate-north')).toMatchObject({
      level: 'high',
      openIncidents: 1,
      propagatedFrom: ['gate-control-srv'],
    });
  });

  it('applies an effect published again (a rebuild) once, and again after its holder starts over', () => {
    const risk = model(true);
    const applier = new EffectApplier(3_600_000);
    const e = incidentEffect(incident as Incident, 'gate-south', undefined);
    expect(applier.apply(risk, [e, e])).toHaveLength(1);
    expect(applier.apply(risk, [e])).toEqual([]);
    expect(risk.snapshot('live', Date.parse(incident.lastSeen))[0].openIncidents).toBe(1);
    applier.clear();
    const fresh = model(true);
    expect(applier.apply(fresh, [e])[0].openIncidents).toBe(1);
  });

  it('a worker holding some zones pushes only those it has seen', () => {
    const risk = model(true);
    risk.observeOwn(alert('a1', 0, 4));
    expect(risk.snapshot('live', Date.now()).map((z) => z.zoneId)).toEqual(['data-centre']);
    expect(
      model()
        .snapshot('live', Date.now())
        .map((z) => z.zoneId),
    ).toEqual(ZONES);
  });

  it('refuses a malformed effect with the reason', () => {
    expect(
      readZoneEffectMessage(
        '{"kind":"nuke","id":"x","mode":"live","siteId":"s","zoneId":"z","severity":1,"time":"2026-01-15T02:00:00Z"}',
      ),
    ).toEqual({
      ok: false,
      reason: 'unknown zone effect "nuke"',
    });
    expect(
      readZoneEffectMessage(
        '{"kind":"incident","id":"x","mode":"live","siteId":"s","zoneId":"z","severity":1,"time":"soon"}',
      ),
    ).toEqual({
      ok: false,
      reason: 'time: expected an ISO-8601 time',
    });
  });
});
