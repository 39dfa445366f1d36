import { describe, it, expect } from 'vitest';
import type { Incident } from '../incident.ts';
import type { Situation, SituationChange, SituationTrack } from '../situation.ts';
import { applyChange, applyChanges, pictureOf, situationOf } from './apply-change.ts';

const iso = (hhmmss: string) => `2026-01-15T${hhmmss}.000Z`;
const ms = (hhmmss: string) => Date.parse(iso(hhmmss));

const empty: Situation = { at: iso('09:00:00'), mode: 'live', zones: [], incidents: [], tracks: [] };

function fix(id: string, kind: 'vessel' | 'drone', hhmmss: string, lat: number, extra: Partial<SituationTrack> = {}) {
  const track: SituationTrack = { id, kind, label: id, lat, lon: -0.3, time: iso(hhmmss), ...extra };
  return { t: track.time, kind: 'track', track } as SituationChange;
}

const incident = (status: Incident['status'], hhmmss: string): SituationChange => ({
  t: iso(hhmmss),
  kind: 'incident',
  incident: {
    id: 'inc-1',
    ruleId: 'r',
    title: 'Door forced',
    severity: 4,
    status,
    siteId: 'valencia',
    zoneId: 'gate-north',
    affectedZones: ['gate-north'],
    domains: ['physical'],
    indicatorIds: [],
    firstSeen: iso('09:01:00'),
    lastSeen: iso('09:01:00'),
    mode: 'live',
    history: [],
  },
});

describe('playing the situation picture forward', () => {
  it('moves each track to its newest fix, never back to a late-reported older one', () => {
    const p = applyChanges(pictureOf(empty), [
      fix('538000001', 'vessel', '09:00:10', 39.1),
      fix('538000001', 'vessel', '09:00:20', 39.2),
      fix('538000001', 'vessel', '09:00:15', 39.15),
    ]);
    expect(situationOf(p).tracks.map((t) => [t.id, t.lat])).toEqual([['538000001', 39.2]]);
    expect(situationOf(p).at).toBe(iso('09:00:20'));
  });

  it('lets a drone go after 5 minutes and a vessel after 30 without a fix', () => {
    const p = applyChanges(pictureOf(empty), [
      fix('538000001', 'vessel', '09:00:00', 39.1),
      fix('UAS-1', 'drone', '09:00:00', 39.2),
    ]);
    expect(situationOf(p, ms('09:05:00')).tracks).toHaveLength(2);
    expect(situationOf(p, ms('09:05:01')).tracks.map((t) => t.id)).toEqual(['538000001']);
    expect(situationOf(p, ms('09:30:01')).tracks).toEqual([]);
    // Forgotten altogether once the cursor has passed the longest window.
    expect(applyChange(p, fix('UAS-2', 'drone', '09:31:00', 39)).tracks.has('vessel:538000001')).toBe(false);
  });

  it("shows a vessel's anomaly for 15 minutes", () => {
    const p = applyChanges(pictureOf(empty), [
      fix('224000002', 'vessel', '09:00:00', 39.1, { alert: 'went dark', alertAt: iso('09:00:00') }),
    ]);
    expect(situationOf(p, ms('09:15:00')).tracks[0].alert).toBe('went dark');
    expect(situationOf(p, ms('09:15:01')).tracks[0]).not.toHaveProperty('alert');
  });

  it('keeps an incident while open with its latest status, and takes it off when resolved', () => {
    const raised = applyChange(pictureOf(empty), incident('new', '09:01:00'));
    const acked = applyChange(raised, incident('acknowledged', '09:02:00'));
    expect(situationOf(acked).incidents.map((i) => i.status)).toEqual(['acknowledged']);
    expect(situationOf(applyChange(acked, incident('resolved', '09:03:00'))).incidents).toEqual([]);
  });

  it('sets zone risk as it changes', () => {
    const z = (risk: number, hhmmss: string): SituationChange => ({
      t: iso(hhmmss),
      kind: 'zone',
      zone: { zoneId: 'gate-north', risk, physical: risk, cyber: 0, level: risk >= 40 ? 'elevated' : 'low' },
    });
    const p = applyChanges(pictureOf(empty), [z(45, '09:01:00'), z(10, '09:02:00')]);
    expect(situationOf(p).zones).toEqual([{ zoneId: 'gate-north', risk: 10, physical: 10, cyber: 0, level: 'low' }]);
  });

  it('leaves the picture it was given as it was', () => {
    const before = pictureOf(empty);
    const after = applyChange(before, fix('538000001', 'vessel', '09:00:10', 39.1));
    expect(before.tracks.size).toBe(0);
    expect(before.at).toBe(ms('09:00:00'));
    expect(after.tracks.size).toBe(1);
  });
});
