import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createIdmefDecoder } from './index.ts';
import { decodeOne, decoderContract, fixture, rejectionOf } from '../decoder-contract.case.ts';

const decoder = createIdmefDecoder();
const load = (name: string) => fixture(import.meta.url, name);

describe('idmef decoder', () => {
  it('turns a cyber analyzer scan alert into net.scan with source and target addresses', () => {
    const d = decodeOne(decoder, load('suricata-scan.json'));
    expect(d).toMatchObject({
      type: 'net.scan',
      domain: 'cyber',
      severity: 3,
      confidence: 80,
      time: '2025-03-14T02:11:07.532Z',
      sensorId: 'suricata',
      product: 'Suricata NIDS',
      ips: ['10.20.9.9', '10.20.1.5'],
      sourceRef: 'da3f49dc-888a-4d75-a080-5d0f75049333',
    });
    expect(d.observables).toEqual([
      { type: 'ip', value: '10.20.9.9' },
      { type: 'ip', value: '10.20.1.5' },
      { type: 'hostname', value: 'gate-ctl-01' },
    ]);
  });

  it('turns a physical analyzer alert into a physical indicator at the sensor position, timed by StartTime', () => {
    const d = decodeOne(decoder, load('physical-intrusion.json'));
    expect(d).toMatchObject({
      type: 'idmef.intrusion_burglary',
      domain: 'physical',
      severity: 4,
      time: '2025-03-14T02:11:07.500Z',
      sensorId: 'PIDS-CT-S2',
      location: { lat: 37.94161, lon: 23.62852 },
    });
    expect(d.tags).toEqual(['category:Intrusion.Burglary']);
  });

  it('accepts the minimal alert of older drafts (Severity instead of Priority)', () => {
    expect(decodeOne(decoder, load('minimal-older-severity.json'))).toMatchObject({
      type: 'idmef.alert',
      severity: 2,
      sensorId: 'foobar',
      location: null,
      domain: 'cyber',
    });
  });

  it('rejects bad GeoLocation and Priority values, naming the field', () => {
    expect(rejectionOf(decoder, load('bad-geolocation.json'))).toBe(
      'Target[0].GeoLocation: expected "lat,lon[,alt]" in degrees, got "north of the quay"',
    );
    expect(rejectionOf(decoder, load('bad-priority.json'))).toBe(
      'Priority: expected Unknown, Info, Low, Medium or High, got "Critical"',
    );
  });

  it('rejects JSON that is not IDMEFv2', () => {
    expect(rejectionOf(decoder, '{"Version":"1.0","ID":"a"}')).toBe(
      'Version: expected an IDMEFv2 version such as "2.D.V04", got "1.0"',
    );
    expect(rejectionOf(decoder, '{"event_type":"alert"}')).toBe('Version: missing (expected a non-empty string)');
  });
});

const samples = readdirSync(new URL('./testdata/', import.meta.url)).map(load);
decoderContract(createIdmefDecoder, { samples });
