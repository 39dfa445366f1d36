import { describe, expect, it } from 'vitest';
import { STALE_ALPHA, TRACK_COLORS, headingOf, trackLook } from './track-look.ts';
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
    speed: null,
    course: null,
    points: [],
    lastSeen: NOW,
    alert: null,
    ...over,
  };
}

describe('track look', () => {
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
    // Formerly classes of a DOM marker; now the colour and opacity the canvas paints.
    const plain = trackLook(track(), NOW);
    expect(plain).toMatchObject({ color: TRACK_COLORS.vessel, alpha: 1, dashed: false });
    expect(trackLook(track({ alert: { type: 'ais.gap', title: 'went dark', at: NOW } }), NOW).color).toBe(
      TRACK_COLORS.alert,
    );
    expect(trackLook(track(), NOW + STALE_MS + 1).alpha).toBe(STALE_ALPHA);
    expect(trackLook(track({ mode: 'exercise', kind: 'drone' }), NOW)).toMatchObject({
      color: TRACK_COLORS.exercise,
      shape: 'diamond',
      alpha: 1,
      dashed: true,
    });
    expect(new Set(Object.values(TRACK_COLORS)).size).toBe(4);
  });

  it('is an arrow along its heading once it has moved, a dot before', () => {
    const moving = track({
      points: [
        { lat: 39.44, lon: -0.31, t: 1 },
        { lat: 39.44, lon: -0.3, t: 2 },
      ],
    });
    expect(trackLook(moving, NOW).shape).toBe('arrow');
    expect(trackLook(moving, NOW).heading).toBeCloseTo(90, 3);
    expect(trackLook(track({ points: [{ lat: 39.44, lon: -0.3, t: 1 }] }), NOW).shape).toBe('dot');
  });
});
