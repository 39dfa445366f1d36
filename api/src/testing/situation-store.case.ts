// Test-only: what the situation store must answer, run on PGlite (api unit tests) and on the
// PostgreSQL server (test/postgres) — the same SQL on both.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import {
  applyChanges,
  pictureOf,
  situationOf,
  type Situation,
  type SituationChange,
  type SituationTrack,
} from '@portwatch/schema';
import type { Store } from '../storage/store.ts';
import type { SituationScope } from '../storage/situation-store.ts';
import { STORY_SITE, STORY_ZONES, situationStory, storyTime } from './situation-story.ts';

const LIVE: SituationScope = { siteId: STORY_SITE, mode: 'live' };
const at = (hhmmss: string) => new Date(storyTime(hhmmss));

/** Order-free comparison: the picture is a set of zones, incidents and tracks. */
function sorted(s: Situation): Situation {
  const by =
    <T>(key: (x: T) => string) =>
    (a: T, b: T) =>
      key(a).localeCompare(key(b));
  return {
    ...s,
    zones: [...s.zones].sort(by((z) => z.zoneId)),
    incidents: [...s.incidents].sort(by((i) => i.id)),
    tracks: [...s.tracks].sort(by((t: SituationTrack) => `${t.kind}:${t.id}`)),
  };
}

export function describeSituationStore(name: string, open: () => Promise<{ store: Store; close(): Promise<void> }>) {
  describe(`the situation over time (${name})`, () => {
    let store: Store;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ store, close } = await open());
      await situationStory().write(store);
      // Redelivery changes nothing.
      await situationStory().write(store);
    });
    afterAll(async () => close?.());

    const picture = (hhmmss: string) => store.situation.situationAt(LIVE, at(hhmmss), STORY_ZONES);
    const track = (s: Situation, id: string) => s.tracks.find((t) => t.id === id);

    it('shows each track at its last fix by then, with its name, speed and course', async () => {
      const s = await picture('09:06:03');
      expect(track(s, '538000001')).toEqual({
        id: '538000001',
        kind: 'vessel',
        label: 'NORDIC STAR',
        lat: expect.closeTo(39.43 + 360e-5, 9),
        lon: expect.closeTo(-0.3 + 360e-5, 9),
        time: storyTime('09:06:00'),
        speed: expect.closeTo(12.3, 4),
        course: 45,
      });
      expect(track(s, '224000002')).toMatchObject({ label: '224000002', speed: 8, course: 90 });
      expect(track(s, '1596F3A4B2C8D9E0F1A2')).toMatchObject({
        kind: 'drone',
        time: storyTime('09:06:00'),
        speed: 6.25,
        course: 271,
      });
      expect(s.tracks).toHaveLength(3);
    });

    it('drops a drone 5 minutes and a vessel 30 minutes after its last fix', async () => {
      expect(track(await picture('09:13:00'), '1596F3A4B2C8D9E0F1A2')).toBeDefined();
      expect(track(await picture('09:13:01'), '1596F3A4B2C8D9E0F1A2')).toBeUndefined();
      expect(track(await picture('09:40:00'), '224000002')).toBeDefined();
      expect(track(await picture('09:40:01'), '224000002')).toBeUndefined();
      expect((await picture('08:59:59')).tracks).toEqual([]);
    });

    it('marks a vessel that went dark for 15 minutes', async () => {
      expect(track(await picture('09:12:59'), '224000002')?.alert).toBeUndefined();
      expect(track(await picture('09:20:00'), '224000002')).toMatchObject({
        time: storyTime('09:10:00'),
        alert: 'MMSI 224000002 went dark: no report for over 2 min (expected every 10 s)',
        alertAt: storyTime('09:13:00'),
      });
      expect(track(await picture('09:28:01'), '224000002')?.alert).toBeUndefined();
    });

    it('gives every zone its risk then, and nothing at risk before its first change', async () => {
      expect((await picture('09:01:00')).zones).toEqual(
        STORY_ZONES.map((zoneId) => ({ zoneId, risk: 0, physical: 0, cyber: 0, level: 'low' })),
      );
      const zones = (await picture('09:20:00')).zones;
      expect(zones).toEqual([
        { zoneId: 'gate-north', risk: 55, physical: 30, cyber: 25, level: 'elevated' },
        { zoneId: 'data-centre', risk: 45, physical: 0, cyber: 45, level: 'elevated' },
        { zoneId: 'cruise-terminal', risk: 0, physical: 0, cyber: 0, level: 'low' },
      ]);
      expect((await picture('09:30:00')).zones[0]).toMatchObject({ risk: 15, level: 'low' });
    });

    it('lists an incident while it was open, with its status and history then', async () => {
      expect((await picture('09:14:59')).incidents).toEqual([]);
      const raised = (await picture('09:15:00')).incidents;
      expect(raised.map((i) => [i.id, i.status, i.history.length])).toEqual([['inc-story-1', 'new', 0]]);
      const acked = (await picture('09:34:59')).incidents;
      expect(acked.map((i) => [i.status, i.history.map((h) => h.action)])).toEqual([
        ['acknowledged', ['raised', 'acknowledge']],
      ]);
      expect((await picture('09:35:00')).incidents).toEqual([]);
    });

    it('hands playback the changes in time order, in pages that never split an instant', async () => {
      const all: SituationChange[] = [];
      let from = at('09:00:00');
      let pages = 0;
      for (;;) {
        const page = await store.situation.changes(LIVE, from, at('09:40:00'), 97);
        all.push(...page.changes);
        pages++;
        expect(page.changes.length).toBeLessThanOrEqual(97);
        if (!page.next) break;
        expect(page.changes.at(-1)!.t).toBe(page.next);
        from = new Date(page.next);
      }
      // Two vessels report at the same instants: an odd page size falls inside one.
      expect(pages).toBeGreaterThanOrEqual(4);
      const times = all.map((c) => c.t);
      expect([...times].sort()).toEqual(times);
      const whole = await store.situation.changes(LIVE, at('09:00:00'), at('09:40:00'), 50_000);
      expect(whole.next).toBeUndefined();
      expect(all).toEqual(whole.changes);
      expect(all.filter((c) => c.kind === 'incident').map((c) => c.kind === 'incident' && c.incident.status)).toEqual([
        'new',
        'new',
        'acknowledged',
        'resolved',
      ]);
      expect(all.filter((c) => c.kind === 'zone')).toHaveLength(3);
    });

    it('plays forward from any moment to the same picture the store answers there', async () => {
      const moments = ['09:04:59', '09:06:07', '09:13:00', '09:15:00', '09:20:00', '09:28:01', '09:35:00', '09:40:01'];
      let from = '09:00:00';
      let played = pictureOf(await picture(from));
      for (const moment of moments) {
        const { changes } = await store.situation.changes(LIVE, at(from), at(moment), 50_000);
        played = applyChanges(played, changes);
        expect(sorted(situationOf(played, at(moment).getTime()))).toEqual(sorted(await picture(moment)));
        from = moment;
      }
    });

    it('counts indicators per slice of a range by domain', async () => {
      const d = await store.situation.density(LIVE, at('09:00:00'), at('09:10:00'), 2);
      expect(d.bucketMs).toBe(300_000);
      // 30 + 30 vessel reports in the first five minutes; then the drone's 37 (09:05:00–09:08:00).
      expect(d.buckets[0]).toEqual({ t: storyTime('09:00:00'), physical: 60, cyber: 0 });
      expect(d.buckets[1]).toEqual({ t: storyTime('09:05:00'), physical: 60 + 37, cyber: 0 });
    });

    it('keeps exercise and live apart', async () => {
      const s = await store.situation.situationAt({ siteId: STORY_SITE, mode: 'exercise' }, at('09:20:00'), []);
      expect(s).toEqual({ at: storyTime('09:20:00'), mode: 'exercise', zones: [], incidents: [], tracks: [] });
    });
  });
}
