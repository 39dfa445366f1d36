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

  it('reads a video-surveillance alert of the official Motion connector (category ODC, no Type) as physical', () => {
    expect(decodeOne(decoder, load('motion-odc-no-type.json'))).toMatchObject({
      domain: 'physical',
      type: 'idmef.intrusion_burglary',
      severity: 4,
      time: '2025-03-14T02:11:07.000Z',
      sensorId: 'camera sensor',
      product: 'Motion video surveillance system',
    });
  });

  it('reads Analyzer.Type as an array (later drafts): an anti-drone system is physical', () => {
    expect(decodeOne(decoder, load('type-array-physical.json'))).toMatchObject({
      domain: 'physical',
      location: { lat: 39.444, lon: -0.317 },
      sensorId: 'ads-quay',
    });
    const cyberArray = load('type-array-physical.json').replace('"Type":["Physical"]', '"Type":["Cyber"]');
    expect(decodeOne(decoder, cyberArray).domain).toBe('cyber');
  });

  it("keeps reading older drafts' Cyberphysical type: a PSIM analyzer is physical, a combined LOG analyzer cyber", () => {
    expect(decodeOne(decoder, load('cyberphysical-psim-older.json'))).toMatchObject({
      domain: 'physical',
      severity: 4,
    });
    const log = load('cyberphysical-psim-older.json').replace('"Category":["PSIM"]', '"Category":["LOG"]');
    expect(decodeOne(decoder, log).domain).toBe('cyber');
  });

  it('classifies every sensor category of the draft as physical and its cyber ones as cyber', () => {
    const withCategory = (c: string) =>
      load('motion-odc-no-type.json').replace('"Category":["ODC"]', `"Category":[${JSON.stringify(c)}]`);
    const physical = ['1DLiS', '2DLiS', '3DLiS', '1DLaS', '2DLaS', '3DLaS', 'VAD', 'HAR', 'FRC', 'ODC'];
    const alsoPhysical = ['VNIR', 'SWIR', 'MWIR', 'LWIR', 'ADS'];
    for (const c of [...physical, ...alsoPhysical])
      expect(decodeOne(decoder, withCategory(c)).domain, c).toBe('physical');
    for (const c of ['NIDS', 'HIDS', 'AV', 'EDR', 'FW', 'SIEM', 'LOG', 'WAF'])
      expect(decodeOne(decoder, withCategory(c)).domain, c).toBe('cyber');
  });

  it('rejects an Analyzer.Type that is neither a string nor an array of strings', () => {
    expect(rejectionOf(decoder, load('type-array-physical.json').replace('["Physical"]', '{"x":1}'))).toBe(
      'Analyzer.Type: expected a string or an array of strings, got an object',
    );
    expect(rejectionOf(decoder, load('type-array-physical.json').replace('["Physical"]', '["Physical",3]'))).toBe(
      'Analyzer.Type[1]: expected a string, got 3',
    );
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
// Two alerts of one analyzer in one millisecond: IDMEFv2 gives each its own ID.
decoderContract(createIdmefDecoder, {
  samples,
  twins: [
    load('motion-odc-no-type.json'),
    load('motion-odc-no-type.json').replace(
      '6c3f0a52-3b9e-4f07-9b8e-1d2a4f6c8e01',
      '6c3f0a52-3b9e-4f07-9b8e-1d2a4f6c8e02',
    ),
  ],
});
