import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRemoteIdDecoder } from './index.ts';
import { decodeOne, decoderContract, fixture, rejectionOf, testContext } from '../decoder-contract.case.ts';

const decoder = createRemoteIdDecoder();
const load = (name: string) => fixture(import.meta.url, name);

describe('remoteid decoder', () => {
  it('turns a Location record into drone.detected at the drone position, with the uas_id', () => {
    const d = decodeOne(decoder, load('location-iso.json'));
    expect(d).toMatchObject({
      type: 'drone.detected',
      domain: 'physical',
      severity: 3,
      time: '2025-03-14T02:11:07.532Z',
      location: { lat: 39.44512, lon: -0.31877 },
      sensorId: 'RID-RX-QUAY-1',
      correlationKey: '1596F3A4B2C8D9E0F1A2',
    });
    expect(d.observables).toEqual([{ type: 'uas_id', value: '1596F3A4B2C8D9E0F1A2' }]);
    expect(d.title).toBe('Drone 1596F3A4B2C8D9E0F1A2 at 118 m (height), 6.25 m/s');
    expect(d.tags).toContain('operator:ESP87astrdge12k8');
  });

  it('accepts lat/lon short names and epoch ms, and ignores F3411 "unknown" altitude and speed', () => {
    const d = decodeOne(decoder, load('short-names-epoch.json'));
    expect(d).toMatchObject({
      time: '2025-03-14T02:11:07.532Z',
      location: { lat: 37.9416, lon: 23.6285 },
      title: 'Drone DJI-1581F5FHD229K00A',
      sensorId: null,
    });
  });

  it('places a tenths-of-a-second-since-the-hour timestamp in the hour of arrival; 0/0 is no position', () => {
    // arrival 02:30:00; 6675 tenths = 11 min 7.5 s
    expect(decodeOne(decoder, load('tenths-since-hour.json'))).toMatchObject({
      time: '2025-03-14T02:11:07.500Z',
      location: null,
    });
  });

  it('gives the same tenths-since-the-hour value heard an hour later a different identity', () => {
    const record = load('tenths-since-hour.json');
    const at = (iso: string) => decodeOne(decoder, record, { ...testContext, receivedAt: new Date(iso) }).sourceRef;
    expect(at('2025-03-14T02:30:00Z')).not.toBe(at('2025-03-14T03:30:00Z'));
    expect(at('2025-03-14T02:30:00Z')).toBe(at('2025-03-14T02:31:00Z'));
  });

  it('rejects positions off the globe and a missing uas_id', () => {
    expect(rejectionOf(decoder, load('bad-latitude.json'))).toBe('latitude: expected degrees -90–90, got 91.5');
    expect(rejectionOf(decoder, '{"latitude": 1, "longitude": 2}')).toBe(
      'uas_id: missing (expected a non-empty string)',
    );
    expect(rejectionOf(decoder, '{"uas_id":"X","timestamp":"2025-03-14T02:11:07Z","lon":200,"lat":1}')).toBe(
      'lon: expected degrees -180–180, got 200',
    );
  });
});

const samples = readdirSync(new URL('./testdata/', import.meta.url)).map(load);
// Two drones heard by one receiver in the same millisecond.
decoderContract(createRemoteIdDecoder, {
  samples,
  twins: [load('location-iso.json'), load('location-iso.json').replace('1596F3A4B2C8D9E0F1A2', '1596F3A4B2C8D9E0F1A3')],
});
