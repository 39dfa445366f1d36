import { describe, expect, it } from 'vitest';
import { trackDetails, trackFacts } from './track-details.ts';
import type { Track } from '../stores/tracks.ts';

const NOW = Date.parse('2025-03-14T02:30:00Z');

const vessel: Track = {
  key: 'live:vessel:224123450',
  kind: 'vessel',
  id: '224123450',
  mode: 'live',
  label: 'CIUDAD DE VALENCIA (MMSI 224123450)',
  detail: 'Under way using engine, 13.9 kn, course 40.4°',
  speed: '13.9 kn',
  course: 40.4,
  points: [{ lat: 39.45, lon: -0.3, t: NOW - 3 * 60_000 }],
  lastSeen: NOW - 3 * 60_000,
  alert: { type: 'ais.gap', title: 'CIUDAD DE VALENCIA went dark while under way', at: NOW - 60_000 },
};

describe('track details', () => {
  it('says who it is, how it moves, when it last reported and what is wrong with it', () => {
    expect(trackFacts(vessel, NOW)).toEqual([
      { term: 'MMSI', value: '224123450' },
      { term: 'Speed', value: '13.9 kn' },
      { term: 'Course', value: '40.4°' },
      { term: 'Last report', value: '02:27:00 UTC · 3 min ago' },
      { term: 'Anomaly', value: 'CIUDAD DE VALENCIA went dark while under way' },
    ]);
  });

  it('names a drone by its UAS id and says what it did not report', () => {
    const drone: Track = {
      ...vessel,
      key: 'exercise:drone:1581F4XB',
      kind: 'drone',
      id: '1581F4XB',
      mode: 'exercise',
      label: 'Drone 1581F4XB',
      speed: null,
      course: null,
      alert: null,
    };
    expect(trackFacts(drone, NOW).slice(0, 3)).toEqual([
      { term: 'UAS id', value: '1581F4XB' },
      { term: 'Speed', value: 'not reported' },
      { term: 'Course', value: 'not reported' },
    ]);
    const box = trackDetails(drone, NOW);
    expect(box.querySelector('strong')!.textContent).toBe('Drone 1581F4XB (EXERCISE)');
  });

  it('shows a broadcast name as text, never as markup', () => {
    const box = trackDetails({ ...vessel, label: '<img src=x onerror=alert(1)>' }, NOW);
    expect(box.querySelector('img')).toBeNull();
    expect(box.querySelector('strong')!.textContent).toBe('<img src=x onerror=alert(1)>');
  });
});
