import { describe, expect, it } from 'vitest';
import { headingOf, trackClasses } from './useTrackLayer.ts';
import { STALE_MS, type Track } from '../stores/tracks.ts';

const NOW = Date.parse('2025-03-14T02:30:00Z');

function track(over: Partial<Track> = {}): Track {
  return {
    key: 'live:vessel:224123450',
    kind: 'vessel',
    id: '224123450',
    mode: 'live',
    label: 'MMSI 224123450',
    detail: '',
    points: [],
    lastSeen: NOW,
    alert: null,
    ...over,
  };
}

describe('track layer', () => {
  it('points a vessel the way it last moved', () => {
    const north = headingOf(
      track({
        points: [
          { lat: 39.44, lon: -0.3, t: 1 },
          { lat: 39.45, lon: -0.3, t: 2 },
        ],
      }),
    );
    const east = headingOf(
      track({
        points: [
          { lat: 39.44, lon: -0.31, t: 1 },
          { lat: 39.44, lon: -0.3, t: 2 },
        ],
      }),
    );
    const southWest = headingOf(
      track({
        points: [
          { lat: 39.45, lon: -0.3, t: 1 },
          { lat: 39.44, lon: -0.3 - 0.01 / Math.cos((39.445 * Math.PI) / 180), t: 2 },
        ],
      }),
    );
    expect(north).toBeCloseTo(0, 3);
    expect(east).toBeCloseTo(90, 3);
    expect(southWest).toBeCloseTo(225, 1);
  });

  it('has no heading for one report or a vessel lying still', () => {
    expect(headingOf(track({ points: [{ lat: 39.44, lon: -0.3, t: 1 }] }))).toBeNull();
    expect(
      headingOf(
        track({
          points: [
            { lat: 39.44, lon: -0.3, t: 1 },
            { lat: 39.44, lon: -0.3, t: 2 },
          ],
        }),
      ),
    ).toBeNull();
  });

  it('marks anomalies, silence and exercise traffic apart', () => {
    expect(trackClasses(track(), NOW)).toBe('pw-track pw-track--vessel');
    expect(trackClasses(track({ alert: { type: 'ais.gap', title: 'went dark', at: NOW } }), NOW)).toContain(
      'pw-track--alert',
    );
    expect(trackClasses(track(), NOW + STALE_MS + 1)).toContain('pw-track--stale');
    expect(trackClasses(track({ mode: 'exercise', kind: 'drone' }), NOW)).toBe(
      'pw-track pw-track--drone pw-track--exercise',
    );
  });
});
