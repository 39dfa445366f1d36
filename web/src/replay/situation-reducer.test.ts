import { describe, expect, it } from 'vitest';
import type { Situation, SituationChange, SituationTrack } from '@portwatch/schema';
import { applyChanges } from './situation-reducer.ts';
import { makeIncident } from '../testing/fixtures.ts';

const vessel = (over: Partial<SituationTrack> = {}): SituationTrack => ({
  id: '224123450',
  kind: 'vessel',
  label: 'MAR DE VIGO',
  lat: 39.44,
  lon: -0.31,
  time: '2025-03-14T02:00:00.000Z',
  speed: 8.2,
  course: 140,
  ...over,
});

const snapshot: Situation = {
  at: '2025-03-14T02:00:00.000Z',
  mode: 'live',
  zones: [{ zoneId: 'gate-north', risk: 10, physical: 10, cyber: 0, level: 'low' }],
  incidents: [],
  tracks: [vessel()],
};

describe('the situation at a cursor', () => {
  const incident = makeIncident({ id: 'inc-1', status: 'new', firstSeen: '2025-03-14T02:03:00.000Z' });
  const changes: SituationChange[] = [
    { t: '2025-03-14T02:01:00.000Z', kind: 'track', track: vessel({ lat: 39.45, time: '2025-03-14T02:01:00.000Z' }) },
    {
      t: '2025-03-14T02:03:00.000Z',
      kind: 'zone',
      zone: { zoneId: 'gate-north', risk: 85, physical: 40, cyber: 45, level: 'severe' },
    },
    { t: '2025-03-14T02:03:00.000Z', kind: 'incident', incident },
    { t: '2025-03-14T02:09:00.000Z', kind: 'incident', incident: { ...incident, status: 'resolved' } },
  ];

  it('shows the port as it was before the incident, then with it', () => {
    const before = applyChanges(snapshot, changes, '2025-03-14T02:02:00.000Z');
    expect(before.at).toBe('2025-03-14T02:02:00.000Z');
    expect(before.tracks).toEqual([vessel({ lat: 39.45, time: '2025-03-14T02:01:00.000Z' })]);
    expect(before.incidents).toEqual([]);
    expect(before.zones[0].level).toBe('low');

    const during = applyChanges(before, changes, '2025-03-14T02:05:00.000Z');
    expect(during.incidents.map((i) => i.id)).toEqual(['inc-1']);
    expect(during.zones[0]).toMatchObject({ risk: 85, level: 'severe' });
  });

  it('takes a resolved incident out of the open ones', () => {
    const after = applyChanges(snapshot, changes, '2025-03-14T02:10:00.000Z');
    expect(after.incidents).toEqual([]);
  });

  it('gives the same picture in one jump as in many small steps, and leaves its input alone', () => {
    let stepped = snapshot;
    for (let m = 1; m <= 10; m++)
      stepped = applyChanges(stepped, changes, `2025-03-14T02:${String(m).padStart(2, '0')}:00.000Z`);
    const jumped = applyChanges(snapshot, changes, '2025-03-14T02:10:00.000Z');
    expect(stepped).toEqual(jumped);
    expect(snapshot.tracks[0].lat).toBe(39.44);
  });

  it('skips changes the snapshot already holds', () => {
    const later = { ...snapshot, at: '2025-03-14T02:03:00.000Z' };
    expect(applyChanges(later, changes, '2025-03-14T02:04:00.000Z').incidents).toEqual([]);
  });
});
