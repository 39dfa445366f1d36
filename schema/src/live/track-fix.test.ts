import { describe, expect, it } from 'vitest';
import type { Indicator } from '../indicator.ts';
import { trackAlertOf, trackFixOf, trackLabel } from './track-fix.ts';

// As the NMEA and Remote ID decoders write them (ingest/src/decoders/nmea/drafts.ts, remoteid).
function indicator(over: Partial<Indicator>): Indicator {
  return {
    id: 'x',
    time: '2026-01-15T09:00:00.000Z',
    ingestTime: '2026-01-15T09:00:00.050Z',
    mode: 'live',
    siteId: 'valencia',
    zoneId: null,
    domain: 'physical',
    type: 'ais.position',
    title: 'CIUDAD DE VALENCIA (MMSI 224123450): under way using engine, 13.9 kn, course 40.4°',
    severity: 1,
    confidence: 0.9,
    location: { lat: 39.44, lon: -0.31 },
    source: { feed: 'ais', format: 'nmea', sensorId: null },
    observables: [{ type: 'mmsi', value: '224123450' }],
    tags: [],
    ...over,
  };
}

describe('tracks from indicators', () => {
  it('reads a vessel fix: name, speed and course as the operator reads them', () => {
    const fix = trackFixOf(indicator({}))!;
    expect(fix).toMatchObject({
      id: '224123450',
      kind: 'vessel',
      label: 'CIUDAD DE VALENCIA',
      speed: 13.9,
      speedText: '13.9 kn',
      course: 40.4,
      detail: 'Under way using engine, 13.9 kn, course 40.4°',
      mode: 'live',
    });
    expect(trackLabel(fix)).toBe('CIUDAD DE VALENCIA (MMSI 224123450)');
    const nameless = trackFixOf(
      indicator({ title: 'MMSI 224123459: speed not available', observables: [{ type: 'mmsi', value: '224123459' }] }),
    )!;
    expect([nameless.label, trackLabel(nameless), nameless.speed]).toEqual(['224123459', 'MMSI 224123459', undefined]);
  });

  it('reads a drone from Remote ID, and nothing from other indicators or replays', () => {
    const drone = trackFixOf(
      indicator({
        type: 'drone.detected',
        title: 'Drone 1581F4XB000000000001 at 60 m (height), 12 m/s',
        observables: [{ type: 'uas_id', value: '1581F4XB000000000001' }],
      }),
    )!;
    expect([trackLabel(drone), drone.detail, drone.speedText]).toEqual([
      'Drone 1581F4XB000000000001',
      'At 60 m (height), 12 m/s',
      '12 m/s',
    ]);
    expect(trackFixOf(indicator({ type: 'ids.alert', domain: 'cyber' }))).toBeNull();
    expect(trackFixOf(indicator({ location: null }))).toBeNull();
    expect(trackFixOf(indicator({ mode: 'replay' }))).toBeNull();
  });

  it('marks the vessel an AIS anomaly is about, per mode', () => {
    const gap = indicator({
      type: 'ais.gap',
      title: 'CIUDAD DE VALENCIA (MMSI 224123450) went dark',
      mode: 'exercise',
    });
    expect(trackAlertOf(gap)).toEqual({
      key: 'exercise:vessel:224123450',
      type: 'ais.gap',
      title: 'CIUDAD DE VALENCIA (MMSI 224123450) went dark',
      at: '2026-01-15T09:00:00.000Z',
    });
    expect(trackAlertOf(indicator({}))).toBeNull();
  });
});
