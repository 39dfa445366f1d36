import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { Incident } from '@portwatch/schema';
import { encodeIdmefIncident } from '@portwatch/schema';
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

// The published IDMEFv2 2.D.V06 schema (schema/standards/README.md names its source); draft-04.
const ajv = new AjvDraft04({ strict: false, allErrors: true });
addFormats(ajv);
const validateIdmef = ajv.compile(
  JSON.parse(readFileSync(new URL('../../schema/standards/idmefv2-2.D.V06/IDMEFv2.schema', import.meta.url), 'utf8')),
);

describe('idmef encoder', () => {
  it('renders the incident as an IDMEFv2 alert with a stable UUID and no indicators', () => {
    const alert = JSON.parse(encodeIdmefIncident(incident));
    expect(alert).toMatchObject({
      Version: '2.D.V06',
      CreateTime: incident.lastSeen,
      StartTime: incident.firstSeen,
      EndTime: incident.lastSeen,
      Priority: 'High',
      Status: 'Incident',
      Description: incident.title,
    });
    expect(alert.ID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(JSON.parse(encodeIdmefIncident(incident)).ID).toBe(alert.ID);
    expect(alert.Analyzer).toMatchObject({ Name: 'Portwatch', Type: ['Cyber', 'Physical'], Category: ['SIEM'] });
    expect(alert.Target).toEqual([{ Location: 'cruise-terminal-a' }, { Location: 'quay-1' }]);
    expect(JSON.stringify(alert)).not.toContain('i1');
  });

  it('validates against the published IDMEFv2 2.D.V06 schema, hybrid, cyber-only and physical-only', () => {
    for (const domains of [['cyber', 'physical'], ['cyber'], ['physical']] as Incident['domains'][]) {
      const alert = JSON.parse(
        encodeIdmefIncident(
          { ...incident, domains },
          {
            category: ['Intrusion.Burglary'],
            zoneLocation: (z) => (z === 'cruise-terminal-a' ? { lat: 37.9416, lon: 23.6285 } : undefined),
          },
        ),
      );
      expect(validateIdmef(alert), JSON.stringify(validateIdmef.errors)).toBe(true);
      expect(alert.Analyzer.Type).toEqual(domains.map((d) => (d === 'cyber' ? 'Cyber' : 'Physical')));
    }
  });

  it('the schema refuses what older drafts wrote, so the check above can fail', () => {
    const old = { ...JSON.parse(encodeIdmefIncident(incident)), Version: '2.D.V04' };
    expect(validateIdmef(old)).toBe(false);
    const cyberphysical = JSON.parse(encodeIdmefIncident(incident));
    cyberphysical.Analyzer.Type = 'Cyberphysical';
    cyberphysical.Analyzer.Category = ['SIEM', 'PSIM'];
    expect(validateIdmef(cyberphysical)).toBe(false);
  });

  it('round-trips through the idmef decoder: time, severity, analyzer and zone location', () => {
    const line = encodeIdmefIncident(
      { ...incident, domains: ['physical'] },
      {
        category: ['Intrusion.Burglary'],
        zoneLocation: (z) => (z === 'cruise-terminal-a' ? { lat: 37.9416, lon: 23.6285 } : undefined),
      },
    );
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

  it('decodes a hybrid incident (Analyzer.Type Cyber and Physical) by its analyzer category: SIEM is cyber', () => {
    const [d] = decodeWith('idmef', encodeIdmefIncident(incident));
    expect(d).toMatchObject({ domain: 'cyber', severity: 4, time: incident.firstSeen });
  });
});
