import { beforeAll, describe, expect, it } from 'vitest';
import { exportStix, stixPattern, type StixObject } from './stix.ts';
import { aisExercise, allFixtures, hybridLive, portScanLive, valenciaZones } from './export-fixtures.case.ts';
import { stixValidator } from './standard-schemas.case.ts';

const STIX_ID = /^([a-z][a-z0-9-]*)--[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Every *_ref and *_refs value anywhere in an object. */
function refs(value: unknown, key = ''): string[] {
  if (typeof value === 'string') return /_refs?$/.test(key) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => refs(v, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => refs(v, k));
  return [];
}

let zones: Awaited<ReturnType<typeof valenciaZones>>;
beforeAll(async () => {
  zones = await valenciaZones();
});

describe('STIX 2.1 export', () => {
  it("validates every object of every fixture's bundle against its type's OASIS schema", async () => {
    for (const input of await allFixtures()) {
      const bundle = exportStix(input);
      expect(bundle.type).toBe('bundle');
      expect(bundle.id).toMatch(STIX_ID);
      for (const object of bundle.objects) {
        const validate = stixValidator(object.type);
        expect(validate(object), `${object.type} ${JSON.stringify(validate.errors, null, 1)}`).toBe(true);
      }
    }
  });

  it('the schemas do catch a broken object, so the check above can fail', () => {
    const [, incident] = exportStix(hybridLive(zones)).objects;
    expect(stixValidator('incident')({ ...incident, created: '2026-12-04T03:11:07Z' })).toBe(false);
    expect(stixValidator('incident')({ ...incident, severity: 'high' })).toBe(false);
  });

  it('uses <type>--<UUID v4 or v5> ids, unique, and resolves every reference inside the bundle', async () => {
    for (const input of await allFixtures()) {
      const { objects } = exportStix(input);
      const ids = objects.map((o) => o.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const o of objects) {
        expect(o.id).toMatch(STIX_ID);
        expect(o.id.startsWith(`${o.type}--`)).toBe(true);
        for (const ref of refs(o)) expect(ids, `${o.id} refers to ${ref}`).toContain(ref);
      }
    }
  });

  it('links every indicator and every observable to the incident', async () => {
    for (const input of await allFixtures()) {
      const { objects } = exportStix(input);
      const incident = objects.find((o) => o.type === 'incident')!;
      const linked = new Set(
        objects
          .filter((o) => o.type === 'relationship' && o.target_ref === incident.id)
          .map((o) => o.source_ref as string),
      );
      const evidence = objects.filter((o) => !['identity', 'incident', 'relationship'].includes(o.type));
      expect(evidence.length).toBeGreaterThan(0);
      for (const o of evidence) expect(linked, o.id).toContain(o.id);
    }
  });

  it('carries one indicator per stored Portwatch indicator, with the standard SCOs de-duplicated', () => {
    const { objects } = exportStix(hybridLive(zones));
    const byType = (t: string) => objects.filter((o) => o.type === t);
    expect(byType('indicator')).toHaveLength(3); // the expired fourth id is not invented
    expect(byType('ipv4-addr').map((o) => o.value)).toEqual(['10.20.4.15', '185.220.101.47']);
    expect(byType('domain-name').map((o) => o.value)).toEqual(['gate-ctrl-01.valenciaport.local']);
    expect(byType('user-account').map((o) => o.user_id)).toEqual(['svc-gate']);
    expect(byType('mac-addr').map((o) => o.value)).toEqual(['00:1b:54:aa:10:2f']);
    const incident = byType('incident')[0];
    expect(incident).toMatchObject({
      name: hybridLive(zones).incident.title,
      created: '2026-12-04T03:11:07.532Z',
      modified: '2026-12-04T03:12:30.000Z',
      external_references: [
        expect.objectContaining({ source_name: 'portwatch', external_id: hybridLive(zones).incident.id }),
      ],
    });
    expect(incident.labels).toEqual(
      expect.arrayContaining(['severity:critical', 'mode:live', 'domain:physical', 'domain:cyber']),
    );
  });

  it('shares vessel, badge and drone identifiers through indicator patterns', () => {
    const ais = aisExercise(zones);
    expect(stixPattern(ais.indicators[0])).toBe(
      "[x-portwatch-vessel:mmsi = '636021804'] AND [x-portwatch-vessel:imo = '9321483']",
    );
    const door = hybridLive(zones).indicators[2];
    expect(stixPattern(door)).toBe("[x-portwatch-badge:badge_id = '0004417823']");
    expect(stixPattern({ ...door, observables: [{ type: 'user', value: "o'brien\\x" }] })).toBe(
      "[user-account:user_id = 'o\\'brien\\\\x']",
    );
    expect(stixPattern({ ...door, observables: [] })).toBe("[x-portwatch-sensor:sensor_id = 'acs-gn-02']");
    const scan = portScanLive(zones);
    expect(
      exportStix(scan)
        .objects.filter((o: StixObject) => o.type === 'ipv6-addr')
        .map((o) => o.value),
    ).toEqual(['fe80::1ff:fe23:4567:890a']);
  });

  it('gives the same ids when the same incident is exported again', () => {
    const a = exportStix(hybridLive(zones));
    const b = exportStix(hybridLive(zones));
    expect(b).toEqual(a);
    const other = exportStix(aisExercise(zones));
    expect(other.objects[0].id).toBe(a.objects[0].id); // one Portwatch identity
    expect(other.objects[1].id).not.toBe(a.objects[1].id);
  });
});
