import { describe, expect, it } from 'vitest';
import type { Incident } from '@portwatch/schema';
import { encodeIdmefIncident } from '../../simulators/src/encoders/idmef.ts';
import { decodeWith } from './decode-with.case.ts';

const incident: Incident = {
  id: 'inc-cruise-takeover-zone-ct-20250314T0200',
  ruleId: 'hybrid-perimeter-after-cyber',
  title: 'Perimeter breach after control-room compromise',
  severity: 5,
  status: 'acknowledged',
  siteId: 'piraeus',
  zoneId: 'cruise-terminal-a',
  affectedZones: ['cruise-terminal-a', 'quay-1'],
  domains: ['cyber', 'physical'],
  indicatorIds: ['i1', 'i2'],
  firstSeen: '2025-03-14T02:11:07.532Z',
  lastSeen: '2025-03-14T02:20:00.000Z',
  mode: 'exercise',
  history: [],
};

describe('idmef encoder', () => {
  it('renders the incident as an IDMEFv2 alert with a stable UUID and no indicators', () => {
    const alert = JSON.parse(encodeIdmefIncident(incident));
    expect(alert).toMatchObject({
      Version: '2.D.V04',
      CreateTime: incident.lastSeen,
      StartTime: incident.firstSeen,
      Priority: 'High',
      Status: 'Incident',
      Description: incident.title,
    });
    expect(alert.ID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(JSON.parse(encodeIdmefIncident(incident)).ID).toBe(alert.ID);
    expect(alert.Analyzer).toMatchObject({ Name: 'Portwatch', Type: 'Cyberphysical', Category: ['SIEM', 'PSIM'] });
    expect(alert.Target).toEqual([{ Location: 'cruise-terminal-a' }, { Location: 'quay-1' }]);
    expect(JSON.stringify(alert)).not.toContain('i1');
  });

  it('round-trips through the idmef decoder: time, severity, analyzer and zone location', () => {
    const line = encodeIdmefIncident(incident, {
      category: ['Intrusion.Burglary'],
      zoneLocation: (z) => (z === 'cruise-terminal-a' ? { lat: 37.9416, lon: 23.6285 } : undefined),
    });
    const [d] = decodeWith('idmef', line);
    expect(d).toMatchObject({
      type: 'idmef.intrusion_burglary',
      domain: 'physical',
      severity: 4,
      time: incident.firstSeen,
      sensorId: 'Portwatch',
      location: { lat: 37.9416, lon: 23.6285 },
    });
  });

  it('marks a cyber-only incident as a Cyber analyzer', () => {
    const [d] = decodeWith('idmef', encodeIdmefIncident({ ...incident, domains: ['cyber'], severity: 2 }));
    expect(d).toMatchObject({ domain: 'cyber', severity: 2, type: 'idmef.incident' });
  });
});
