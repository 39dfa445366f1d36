import { beforeAll, describe, expect, it } from 'vitest';
import { exportTimeline } from './timeline.ts';
import { aisExercise, allFixtures, hybridLive, valenciaZones } from './export-fixtures.case.ts';

let zones: Awaited<ReturnType<typeof valenciaZones>>;
beforeAll(async () => {
  zones = await valenciaZones();
});

describe('timeline export', () => {
  it('lists the indicators and operator actions in time order, each with time, type, domain, zone and title', async () => {
    for (const input of await allFixtures()) {
      const { incident, entries } = exportTimeline(input);
      expect(incident).toEqual(input.incident);
      const times = entries.map((e) => Date.parse(e.time));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      for (const e of entries) {
        expect(e).toHaveProperty('time');
        expect(e).toHaveProperty('type');
        expect(e).toHaveProperty('domain');
        expect(e).toHaveProperty('zoneId');
        expect(typeof e.title).toBe('string');
      }
    }
  });

  it('tells the hybrid incident as it happened, and names the indicator no longer stored', () => {
    const input = hybridLive(zones);
    // Given out of order, as storage may return them.
    const timeline = exportTimeline({ ...input, indicators: [...input.indicators].reverse() });
    expect(timeline.entries.map((e) => [e.time, e.type, e.domain, e.zoneId])).toEqual([
      ['2026-12-04T03:11:07.532Z', 'ids.alert', 'cyber', 'data-centre'],
      ['2026-12-04T03:11:40.000Z', 'auth.failure', 'cyber', 'data-centre'],
      ['2026-12-04T03:12:00.000Z', 'access.door_forced', 'physical', 'gate-north'],
      ['2026-12-04T03:12:30.000Z', 'incident.acknowledge', null, 'gate-north'],
    ]);
    expect(timeline.entries[0]).toMatchObject({ kind: 'indicator', indicatorId: 'eve-1711329067532417-1201' });
    expect(timeline.entries[3]).toMatchObject({ kind: 'action', by: 'operator-ana', to: 'acknowledged' });
    expect(timeline.missingIndicatorIds).toEqual(['eve-expired-0001']);
  });

  it('keeps the resolution reason of an exercise incident', () => {
    const last = exportTimeline(aisExercise(zones)).entries.at(-1);
    expect(last).toMatchObject({
      type: 'incident.resolve',
      note: 'handled: VTS raised the vessel on VHF 16, transponder back on',
    });
  });

  it('ignores indicators that are not the incident’s', () => {
    const input = hybridLive(zones);
    const stranger = { ...input.indicators[0], id: 'eve-other-incident' };
    const timeline = exportTimeline({ ...input, indicators: [...input.indicators, stranger] });
    expect(timeline.entries.some((e) => e.kind === 'indicator' && e.indicatorId === stranger.id)).toBe(false);
  });
});
