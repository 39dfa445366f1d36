import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { Indicator } from '@portwatch/schema';
import { FORGET_MS, MAX_TAIL_POINTS, TRACK_FLUSH_MS, useTracksStore } from './tracks.ts';
import { NOW, makeIndicator, minutesAgo } from '../testing/fixtures.ts';
import { installStrictFetch } from '../testing/strict-fetch.ts';
import { signInForTest } from '../testing/session.ts';

// As the NMEA decoder writes them (see `portwatch decode --format nmea`).
function position(mmsi: string, min: number, lat: number, lon: number, over: Partial<Indicator> = {}): Indicator {
  return makeIndicator({
    id: `ais:${mmsi}:${min}:${lat}`,
    time: minutesAgo(min),
    zoneId: 'outer-harbour',
    domain: 'physical',
    type: 'ais.position',
    title: `CIUDAD DE VALENCIA (MMSI ${mmsi}): under way using engine, 13.9 kn, course 40.4°`,
    severity: 1,
    location: { lat, lon },
    source: { feed: 'ais', format: 'nmea', sensorId: null },
    observables: [{ type: 'mmsi', value: mmsi }],
    tags: ['ais', 'class_a'],
    ...over,
  });
}

describe('tracks store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    signInForTest();
    vi.useFakeTimers({ now: NOW });
  });
  afterEach(() => vi.useRealTimers());

  it('follows a vessel from its AIS positions, with a tail in time order', () => {
    const store = useTracksStore();
    store.receive(position('224123450', 4, 39.44, -0.31));
    store.receive(position('224123450', 2, 39.45, -0.3));
    store.receive(position('224123450', 3, 39.445, -0.305)); // late, from a second receiver
    store.receive(makeIndicator()); // an IDS alert is not a track
    expect(store.tracks).toHaveLength(0); // applied once a second, not per report
    vi.advanceTimersByTime(TRACK_FLUSH_MS);
    expect(store.tracks).toHaveLength(1);
    const [ship] = store.tracks;
    expect(ship.kind).toBe('vessel');
    expect(ship.label).toBe('CIUDAD DE VALENCIA (MMSI 224123450)');
    expect(ship.detail).toBe('Under way using engine, 13.9 kn, course 40.4°');
    expect(ship.points.map((p) => p.lat)).toEqual([39.44, 39.445, 39.45]);
    expect(ship.lastSeen).toBe(Date.parse(minutesAgo(2)));
  });

  it('ignores a report it already has (redelivery)', () => {
    const store = useTracksStore();
    store.receive(position('224123450', 2, 39.45, -0.3));
    store.receive(position('224123450', 2, 39.45, -0.3));
    store.flush();
    expect(store.tracks[0].points).toHaveLength(1);
  });

  it('draws drones from Remote ID, apart from vessels, and exercise apart from live', () => {
    const store = useTracksStore();
    const drone = makeIndicator({
      type: 'drone.detected',
      domain: 'physical',
      title: 'Drone 1581F4XB000000000001 at 60 m (height), 12 m/s',
      location: { lat: 39.452, lon: -0.318 },
      observables: [{ type: 'uas_id', value: '1581F4XB000000000001' }],
    });
    store.receive(drone);
    store.receive({ ...drone, id: 'x', mode: 'exercise' });
    store.receive(position('224123450', 1, 39.45, -0.3));
    store.receive({ ...position('224123451', 1, 39.45, -0.3), mode: 'replay' }); // replays have their own view
    store.flush();
    expect(store.tracks.map((t) => t.key).sort()).toEqual([
      'exercise:drone:1581F4XB000000000001',
      'live:drone:1581F4XB000000000001',
      'live:vessel:224123450',
    ]);
    const seen = store.tracks.find((t) => t.kind === 'drone')!;
    expect(seen.label).toBe('Drone 1581F4XB000000000001');
    expect(seen.detail).toBe('At 60 m (height), 12 m/s');
  });

  it('marks a vessel an AIS anomaly is about, even one reported before its position', () => {
    const store = useTracksStore();
    store.receive(
      makeIndicator({
        type: 'ais.gap',
        domain: 'physical',
        title: 'CIUDAD DE VALENCIA (MMSI 224123450) went dark while under way',
        observables: [{ type: 'mmsi', value: '224123450' }],
        time: minutesAgo(1),
      }),
    );
    store.receive(position('224123450', 5, 39.45, -0.3));
    store.receive(position('224123452', 5, 39.46, -0.3));
    store.flush();
    const dark = store.tracks.find((t) => t.id === '224123450')!;
    expect(dark.alert?.title).toContain('went dark');
    expect(store.tracks.find((t) => t.id === '224123452')!.alert).toBeNull();
    // The list hands the same anomaly over again: the map is not redrawn for it.
    const drawn = store.tracks;
    store.receive(
      makeIndicator({
        type: 'ais.gap',
        domain: 'physical',
        title: 'again',
        observables: [{ type: 'mmsi', value: '224123450' }],
        time: minutesAgo(1),
      }),
    );
    store.flush();
    expect(store.tracks).toBe(drawn);
  });

  it('keeps tails short and forgets what has not been heard from for long', () => {
    const store = useTracksStore();
    for (let i = 0; i < MAX_TAIL_POINTS + 10; i++)
      store.receive(
        position('224123450', 0, 39.4 + i / 1000, -0.3, { time: new Date(NOW - (60 - i) * 1000).toISOString() }),
      );
    store.receive(position('224123453', 1, 39.46, -0.3));
    store.flush();
    expect(store.tracks.find((t) => t.id === '224123450')!.points).toHaveLength(MAX_TAIL_POINTS);
    store.flush(NOW + FORGET_MS + 2 * 60_000);
    expect(store.tracks).toHaveLength(0);
  });

  it('loads the last half hour of positions and vessel anomalies from the server when the map opens', async () => {
    const api = installStrictFetch({
      '/api/indicators': [
        position('224123450', 2, 39.45, -0.3),
        position('224123450', 12, 39.44, -0.31),
        makeIndicator({
          type: 'ais.speed_jump',
          title: 'MMSI 224123450 jumped 40 nm in 2 min',
          observables: [{ type: 'mmsi', value: '224123450' }],
          time: minutesAgo(2),
        }),
      ],
    });
    const store = useTracksStore();
    await store.hydrate();
    const asked = new URL(api.calls[0], 'http://x');
    expect(asked.pathname).toBe('/api/indicators');
    expect(asked.searchParams.get('since')).toBe(minutesAgo(30));
    expect(asked.searchParams.get('type')!.split(',')).toEqual(
      expect.arrayContaining(['ais.position', 'drone.detected', 'ais.gap', 'ais.speed_jump']),
    );
    expect(store.tracks).toHaveLength(1);
    expect(store.tracks[0].points).toHaveLength(2);
    expect(store.tracks[0].alert?.type).toBe('ais.speed_jump');
    expect(store.error).toBeNull();
  });

  it('keeps the speed and course of the latest report, for the details an operator hovers', () => {
    const store = useTracksStore();
    store.receive(position('224123450', 3, 39.44, -0.31));
    store.receive(
      position('224123450', 1, 39.45, -0.3, {
        title: 'CIUDAD DE VALENCIA (MMSI 224123450): moored, 0.1 kn, course 181.5°',
      }),
    );
    store.receive(
      makeIndicator({
        type: 'drone.detected',
        domain: 'physical',
        title: 'Drone 1581F4XB000000000001 at 60 m (height), 12 m/s',
        location: { lat: 39.452, lon: -0.318 },
        observables: [{ type: 'uas_id', value: '1581F4XB000000000001' }],
      }),
    );
    store.receive(position('224123459', 1, 39.46, -0.3, { title: 'MMSI 224123459: speed not available' }));
    store.flush();
    const byId = (id: string) => store.tracks.find((t) => t.id === id)!;
    expect(byId('224123450')).toMatchObject({ speed: '0.1 kn', course: 181.5 });
    expect(byId('1581F4XB000000000001')).toMatchObject({ speed: '12 m/s', course: null });
    expect(byId('224123459')).toMatchObject({ speed: null, course: null });
  });

  it('hands the map a new object only for the tracks that changed (tens of thousands per second otherwise)', () => {
    const store = useTracksStore();
    store.receive(position('224123450', 3, 39.44, -0.31));
    store.receive(position('224123451', 3, 39.45, -0.31));
    store.flush();
    const [a, b] = ['224123450', '224123451'].map((id) => store.tracks.find((t) => t.id === id)!);
    store.receive(position('224123451', 1, 39.46, -0.3));
    store.flush();
    expect(store.tracks.find((t) => t.id === '224123450')).toBe(a);
    const moved = store.tracks.find((t) => t.id === '224123451')!;
    expect(moved).not.toBe(b);
    expect(moved.points).toHaveLength(2);
    expect(b.points).toHaveLength(1); // what was drawn before does not change under the layer
  });
});
