// `portwatch feeds test`: sample records through one declared feed of a site.
import { describe, expect, it } from 'vitest';
import { lines, portwatch } from './run-portwatch.ts';

const DOOR_FORCED = JSON.stringify({
  topic: 'tns1:Door/State/DoorAlarm',
  timestamp: '2025-03-14T02:11:09.000Z',
  message: { source: { DoorToken: 'DOOR-GN-01' }, key: {}, data: { State: 'DoorForcedOpen' } },
});
const EVE_ALERT = JSON.stringify({
  timestamp: '2025-03-14T02:11:07.532417+0000',
  flow_id: 77,
  event_type: 'alert',
  src_ip: '203.0.113.66',
  src_port: 51234,
  dest_ip: '10.20.3.20',
  dest_port: 502,
  proto: 'TCP',
  alert: { signature_id: 1, signature: 'ET SCAN Modbus scan', category: 'Attempted Information Leak', severity: 1 },
});

describe('portwatch feeds test', () => {
  it('runs a sample through an MQTT feed with its zone lookup', async () => {
    const r = await portwatch(
      ['feeds', 'test', '--site', 'dashboards/valencia', '--feed', 'access-control'],
      '\ufeff' + lines(DOOR_FORCED, '{"topic":"tns1:Door/State/DoorAlarm"}'),
    );
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toMatchObject({
      type: 'access.door_forced',
      zoneId: 'gate-north',
      source: { feed: 'access-control', format: 'onvif', sensorId: 'DOOR-GN-01' },
    });
    expect(r.rejects).toHaveLength(1);
    expect(r.rejects[0].line).toBe(2);
  });

  it('runs a sample through a Kafka feed', async () => {
    const r = await portwatch(
      ['feeds', 'test', '--site', 'dashboards/valencia', '--feed', 'suricata'],
      lines(EVE_ALERT),
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.out[0]).toMatchObject({ type: 'ids.alert', source: { feed: 'suricata' } });
  });

  it('rejects a record over the feed size limit with the limit named', async () => {
    const r = await portwatch(
      ['feeds', 'test', '--site', 'dashboards/valencia', '--feed', 'ais'],
      lines('!AIVDM,1,1,,B,' + '1'.repeat(2000) + ',0*00'),
    );
    expect(r.code).toBe(0);
    expect(r.rejects[0].reason).toMatch(/record too large: \d+ bytes \(limit 1024 for feed "ais"\)/);
  });

  it('exits 2 naming the feeds there are when the feed is unknown, or an option is missing', async () => {
    const unknown = await portwatch(['feeds', 'test', '--site', 'dashboards/valencia', '--feed', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no feed "nope" in .*feeds\.yaml \(feeds: access-control, video-analytics/);
    expect((await portwatch(['feeds', 'test', '--feed', 'ais'])).code).toBe(2);
  });
});
