import { describe, it, expect } from 'vitest';
import type { DeadLetter } from '../dead-letter.ts';
import type { Incident } from '../incident.ts';
import type { Indicator } from '../indicator.ts';
import type { ZoneState } from '../zone-state.ts';
import { validateIncident, validateZoneState } from '../validate.ts';
import { indicatorMessage } from './indicator-message.ts';
import {
  deadLetterMessage,
  incidentActionMessage,
  incidentMessage,
  readDeadLetterMessage,
  readIncidentActionMessage,
  readIncidentMessage,
  readIndicatorMessage,
  readZoneStateMessage,
  zoneStateMessage,
  type IncidentActionMessage,
} from './messages.ts';

const indicator: Indicator = {
  id: 'access-control:Qm9hcmRpbmcgZ2F0ZSBCMTI',
  time: '2025-03-14T02:11:07.532Z',
  ingestTime: '2025-03-14T02:11:08.001Z',
  mode: 'live',
  siteId: 'valencia',
  zoneId: 'gate-complex',
  domain: 'physical',
  type: 'access.denied',
  title: 'Badge 40213 denied at door G-12',
  severity: 3,
  confidence: 90,
  location: { lat: 39.4445, lon: -0.3208 },
  source: { feed: 'access-control', format: 'json', sensorId: 'door-g12' },
  observables: [{ type: 'badge', value: '40213' }],
  tags: [],
};

const incident: Incident = {
  id: 'inc-badge-then-drone-gate-complex-1',
  ruleId: 'badge-then-drone',
  title: 'Denied badge followed by a drone over the gate complex',
  severity: 4,
  status: 'new',
  siteId: 'valencia',
  zoneId: 'gate-complex',
  affectedZones: ['gate-complex', 'container-yard'],
  domains: ['physical'],
  indicatorIds: [indicator.id],
  firstSeen: '2025-03-14T02:11:07.532Z',
  lastSeen: '2025-03-14T02:14:51.020Z',
  mode: 'live',
  history: [],
};

const zone: ZoneState = {
  siteId: 'valencia',
  zoneId: 'gate-complex',
  mode: 'live',
  risk: 62,
  physical: 55,
  cyber: 12,
  level: 'high',
  openIncidents: 1,
  updatedAt: '2025-03-14T02:14:52.000Z',
};

const action: IncidentActionMessage = {
  type: 'resolved',
  incidentId: incident.id,
  zoneId: 'gate-complex',
  at: '2025-03-14T02:30:00.000Z',
};

const letter: DeadLetter = {
  at: '2025-03-14T02:11:09.000Z',
  feedId: 'ais',
  via: 'mqtt',
  topic: 'valencia/ais/rx-1',
  stage: 'decoding',
  reason: 'checksum: expected 5C, got 5D',
  payload: '!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5D',
  size: 48,
  truncated: false,
};

describe('bus messages', () => {
  it('read back as what was encoded, keyed by zone (or feed) and stamped with the event time', () => {
    const cases = [
      {
        record: indicatorMessage(indicator),
        read: readIndicatorMessage,
        value: indicator,
        key: 'gate-complex',
        at: indicator.time,
      },
      {
        record: incidentMessage(incident),
        read: readIncidentMessage,
        value: incident,
        key: 'gate-complex',
        at: incident.lastSeen,
      },
      {
        record: zoneStateMessage(zone),
        read: readZoneStateMessage,
        value: zone,
        key: 'gate-complex',
        at: zone.updatedAt,
      },
      {
        record: incidentActionMessage(action),
        read: readIncidentActionMessage,
        value: action,
        key: 'gate-complex',
        at: action.at,
      },
      // With the key it was given on the bus: a letter that already has one keeps it.
      {
        record: deadLetterMessage({ ...letter, key: 'dl-1' }),
        read: readDeadLetterMessage,
        value: { ...letter, key: 'dl-1' },
        key: 'ais',
        at: letter.at,
      },
    ] as const;
    for (const c of cases) {
      expect(c.record.key).toBe(c.key);
      expect(c.record.timestamp).toBe(Date.parse(c.at));
      expect(c.read(c.record.value)).toEqual({ ok: true, value: c.value });
    }
  });

  it('keep the contracts: what correlation publishes still validates after the trip', () => {
    const inc = readIncidentMessage(incidentMessage(incident).value);
    const z = readZoneStateMessage(zoneStateMessage(zone).value);
    expect(inc.ok && validateIncident(inc.value).ok).toBe(true);
    expect(z.ok && validateZoneState(z.value).ok).toBe(true);
  });

  it('give each dead letter put on the bus a key of its own, so a redelivery can be told from a second bad record', () => {
    const a = readDeadLetterMessage(deadLetterMessage(letter).value!);
    const b = readDeadLetterMessage(deadLetterMessage(letter).value!);
    if (!a.ok || !b.ok) throw new Error('unreadable');
    expect(a.value.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.value.key).not.toBe(a.value.key);
    expect({ ...a.value, key: undefined }).toEqual({ ...letter, key: undefined });
  });

  it('key an unzoned indicator and a feedless dead letter so they still have a partition', () => {
    expect(indicatorMessage({ ...indicator, zoneId: null }).key).toBe('unzoned');
    expect(deadLetterMessage({ ...letter, feedId: null }).key).toBe('unknown');
  });

  it('say why a message cannot be read instead of throwing', () => {
    expect(readIndicatorMessage('{"id":')).toEqual({ ok: false, reason: 'not JSON' });
    expect(readIncidentMessage('null')).toEqual({ ok: false, reason: 'not a JSON object' });
    expect(readDeadLetterMessage('[1,2]')).toEqual({ ok: false, reason: 'not a JSON object' });
  });

  it('check an incident action in full: it comes from another process, maybe another version', () => {
    const read = (m: object) => readIncidentActionMessage(JSON.stringify(m));
    expect(read({ ...action, type: 'reopened' })).toEqual({ ok: false, reason: 'unknown incident action "reopened"' });
    expect(read({ ...action, incidentId: 7 })).toEqual({ ok: false, reason: 'incidentId: expected text' });
    expect(read({ ...action, at: 'yesterday' })).toEqual({
      ok: false,
      reason: 'at: expected an ISO-8601 time, got "yesterday"',
    });
    // Extra members from a newer API are left behind, not passed on.
    expect(read({ ...action, by: 'soc-night' })).toEqual({ ok: true, value: action });
  });
});
