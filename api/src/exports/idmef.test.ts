import { beforeAll, describe, expect, it } from 'vitest';
import { exportIdmef } from './idmef.ts';
import {
  aisExercise,
  allFixtures,
  droneReplay,
  hybridLive,
  portScanLive,
  valenciaZones,
} from './export-fixtures.case.ts';
import { idmefValidator } from './standard-schemas.case.ts';

let zones: Awaited<ReturnType<typeof valenciaZones>>;
beforeAll(async () => {
  zones = await valenciaZones();
});

describe('IDMEFv2 export', () => {
  it('validates against the published IDMEFv2 2.D.V06 schema for every fixture incident', async () => {
    const validate = idmefValidator();
    for (const input of await allFixtures()) {
      const alert = exportIdmef(input);
      expect(validate(alert), `${input.incident.id} ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('the schema refuses an alert with a made-up analyzer type, so the check above can fail', () => {
    const alert = exportIdmef(hybridLive(zones));
    expect(idmefValidator()({ ...alert, Analyzer: { ...alert.Analyzer, Type: ['Cyberphysical'] } })).toBe(false);
  });

  it('is an Incident from first to last seen, with an analyzer type for every domain', async () => {
    for (const input of await allFixtures()) {
      const alert = exportIdmef(input);
      expect(alert).toMatchObject({
        Version: '2.D.V06',
        Status: 'Incident',
        StartTime: input.incident.firstSeen,
        EndTime: input.incident.lastSeen,
      });
      const types = alert.Analyzer.Type;
      for (const d of input.incident.domains) expect(types).toContain(d === 'cyber' ? 'Cyber' : 'Physical');
      expect(types).toHaveLength(input.incident.domains.length);
    }
  });

  it('names the cyber sources, the physical vectors, the sensors and the zones with their positions', () => {
    const alert = exportIdmef(hybridLive(zones));
    expect(alert.Category).toEqual(['Attempt.Exploit', 'Attempt.Login', 'Intrusion.Burglary']);
    expect(alert.Priority).toBe('High');
    expect(alert.Source).toEqual([
      expect.objectContaining({
        IP: '10.20.4.15',
        Hostname: 'gate-ctrl-01.valenciaport.local',
        Location: 'data-centre',
      }),
      expect.objectContaining({ IP: '185.220.101.47', Hostname: 'gate-ctrl-01.valenciaport.local' }),
      expect.objectContaining({ IP: '10.20.4.15', User: 'svc-gate' }),
    ]);
    expect(alert.Vector).toEqual([
      expect.objectContaining({ Category: ['Human'], Name: 'badge 0004417823', GeoLocation: '39.4496,-0.3288' }),
    ]);
    expect((alert.Sensor as { Name: string }[]).map((s) => s.Name)).toEqual(['ids-dc-01', 'fw-dc-01', 'acs-gn-02']);
    expect(alert.Target).toEqual([
      { Location: 'gate-north', GeoLocation: '39.4525,-0.32875' },
      { Location: 'data-centre', GeoLocation: '39.4451,-0.3295' },
    ]);
  });

  it('carries vessels and drones as vectors', () => {
    expect(exportIdmef(aisExercise(zones)).Vector).toEqual([
      expect.objectContaining({ Category: ['Vehicle'], Name: 'mmsi 636021804', Location: 'approach-channel' }),
      expect.objectContaining({ Category: ['Vehicle'], Name: 'mmsi 636021804', GeoLocation: '39.4462,-0.293' }),
    ]);
    expect(exportIdmef(droneReplay(zones)).Vector).toEqual([
      expect.objectContaining({ Category: ['Drone'], Name: 'uas_id 1596A1234567890A' }),
    ]);
    expect(exportIdmef(portScanLive(zones)).Vector).toBeUndefined();
  });
});
