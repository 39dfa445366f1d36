// The tracks store follows the live batches (createRealtime) and the indicator reloads (feedTracks).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { createRealtime, feedTracks } from './realtime.ts';
import { trackFixOf } from '@portwatch/schema/live';
import { useConnectionStore } from '../stores/connection.ts';
import { useIncidentsStore } from '../stores/incidents.ts';
import { useSiteStore } from '../stores/site.ts';
import { useZonesStore } from '../stores/zones.ts';
import { MAX_RECENT, useIndicatorsStore } from '../stores/indicators.ts';
import { TRACK_FLUSH_MS, useTracksStore } from '../stores/tracks.ts';
import { installStrictFetch } from '../testing/strict-fetch.ts';
import { signInForTest } from '../testing/session.ts';
import { NOW, makeIndicator } from '../testing/fixtures.ts';

function position(mmsi: string, seconds: number) {
  return makeIndicator({
    id: `ais:${mmsi}:${seconds}`,
    time: new Date(NOW - seconds * 1000).toISOString(),
    domain: 'physical',
    type: 'ais.position',
    title: `MMSI ${mmsi}: under way using engine, 9.0 kn, course 12.0°`,
    severity: 1,
    location: { lat: 39.44, lon: -0.3 },
    source: { feed: 'ais', format: 'nmea', sensorId: null },
    observables: [{ type: 'mmsi', value: mmsi }],
  });
}

describe('feeding the tracks from the live link', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    signInForTest();
    vi.useFakeTimers({ now: NOW });
  });
  afterEach(() => vi.useRealTimers());

  it('gives every pushed position to the tracks, more than the indicator list keeps', () => {
    const indicators = useIndicatorsStore();
    const tracks = useTracksStore();
    const live = createRealtime(
      {
        connection: useConnectionStore(),
        site: useSiteStore(),
        zones: useZonesStore(),
        incidents: useIncidentsStore(),
        indicators,
        tracks,
      },
      { url: 'ws://test/api/live' },
    );
    // A burst bigger than the list: each vessel still appears on the map.
    const vessels = 2 * MAX_RECENT + 100;
    const burst = Array.from({ length: vessels }, (_, i) => position(String(224000000 + i), 5));
    live.dispatch(
      JSON.stringify({
        type: 'batch',
        data: {
          seq: 1,
          at: new Date(NOW).toISOString(),
          tracks: burst.map(trackFixOf),
          zones: [],
          incidents: [],
          counts: [],
          indicators: burst.slice(-20).reverse(),
        },
      }),
    );
    vi.advanceTimersByTime(TRACK_FLUSH_MS);
    expect(indicators.recent.length).toBeLessThanOrEqual(MAX_RECENT);
    expect(tracks.tracks).toHaveLength(vessels);
  });

  it('reloads the tracks with the indicator list, forgets them at sign-out, and stops when told', async () => {
    installStrictFetch({
      '/api/indicators': [position('224123450', 60)],
      '/api/stats/indicator-rate': [],
    });
    const indicators = useIndicatorsStore();
    const tracks = useTracksStore();
    const stop = feedTracks({ indicators, tracks });
    await indicators.hydrate();
    await vi.waitFor(() => expect(tracks.tracks.map((t) => t.id)).toEqual(['224123450']));
    indicators.dehydrate();
    expect(tracks.tracks).toEqual([]);
    stop();
    indicators.receive(position('224123451', 1));
    vi.advanceTimersByTime(TRACK_FLUSH_MS);
    expect(tracks.tracks).toEqual([]);
  });
});
