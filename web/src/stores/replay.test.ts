import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { Situation, SituationChanges } from '@portwatch/schema';
import { useReplayStore } from './replay.ts';
import { useIncidentsStore } from './incidents.ts';
import { installStrictFetch } from '../testing/strict-fetch.ts';
import { signInForTest } from '../testing/session.ts';
import { makeIncident } from '../testing/fixtures.ts';

const T0 = Date.parse('2025-03-14T02:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const incident = makeIncident({ id: 'inc-replayed', firstSeen: iso(T0 + 3 * 60_000) });

/** The fake server's picture: the incident and the zone's risk from 02:03 on. */
function situationAt(url: URL): Situation {
  const at = url.searchParams.get('at')!;
  const raised = Date.parse(at) >= T0 + 3 * 60_000;
  return {
    at,
    mode: 'live',
    zones: [
      raised
        ? { zoneId: 'gate-north', risk: 82, physical: 40, cyber: 42, level: 'severe' }
        : { zoneId: 'gate-north', risk: 5, physical: 5, cyber: 0, level: 'low' },
    ],
    incidents: raised ? [incident] : [],
    tracks: [
      { id: '224123450', kind: 'vessel', label: 'MAR DE VIGO', lat: 39.44, lon: -0.31, time: iso(T0 - 5000), speed: 8 },
    ],
  };
}
function changesIn(url: URL): SituationChanges {
  const from = url.searchParams.get('from')!;
  const to = url.searchParams.get('to')!;
  const all: SituationChanges['changes'] = [
    {
      t: iso(T0 + 60_000),
      kind: 'track',
      track: { ...situationAt(new URL(`http://x/?at=${from}`)).tracks[0], lat: 39.45, time: iso(T0 + 60_000) },
    },
    {
      t: iso(T0 + 3 * 60_000),
      kind: 'zone',
      zone: { zoneId: 'gate-north', risk: 82, physical: 40, cyber: 42, level: 'severe' },
    },
    { t: iso(T0 + 3 * 60_000), kind: 'incident', incident },
  ];
  return {
    from,
    to,
    mode: 'live',
    changes: all.filter((c) => c.t > from && c.t <= to),
  };
}

describe('replay store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    signInForTest('analyst');
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval', 'performance'] });
    vi.setSystemTime(T0 + 3_600_000);
  });
  afterEach(() => vi.useRealTimers());

  function install() {
    return installStrictFetch({
      '/api/situation': situationAt,
      '/api/situation/changes': changesIn,
      '/api/situation/density': (url: URL) => ({
        from: url.searchParams.get('from'),
        to: url.searchParams.get('to'),
        bucketMs: 60_000,
        buckets: [],
      }),
    });
  }

  it('shows the port before an incident, then plays forward at 60× until it appears', async () => {
    const api = install();
    const replay = useReplayStore();
    replay.seek(T0 + 30_000);
    await vi.waitFor(() => expect(replay.picture?.at).toBe(iso(T0 + 30_000)));
    expect(replay.queue).toEqual([]);
    expect(replay.display('gate-north')?.level).toBe('low');
    expect(replay.tracks.map((t) => t.label)).toEqual(['MAR DE VIGO (MMSI 224123450)']);

    const asked = api.calls.length;
    replay.speed = 60;
    replay.play();
    vi.advanceTimersByTime(3000); // 3 s at 60× = 3 min of port time
    replay.pause();
    expect(replay.cursor).toBeGreaterThanOrEqual(T0 + 3 * 60_000);
    expect(replay.queue.map((i) => i.id)).toEqual(['inc-replayed']);
    expect(replay.display('gate-north')).toMatchObject({ level: 'severe', openIncidents: 1 });
    // The vessel moved along, with its tail.
    expect(replay.tracks[0].points.map((p) => p.lat)).toEqual([39.44, 39.45]);
    // Played from the changes already loaded, not a snapshot per frame.
    expect(api.calls.slice(asked).filter((c) => c.startsWith('/api/situation?'))).toEqual([]);
  });

  it('seeking back redraws the earlier picture; back to live leaves nothing behind', async () => {
    install();
    const replay = useReplayStore();
    replay.seek(T0 + 30_000);
    await vi.waitFor(() => expect(replay.picture).not.toBeNull());
    replay.seek(T0 + 5 * 60_000);
    expect(replay.queue).toHaveLength(1);
    replay.seek(T0 + 2 * 60_000);
    expect(replay.queue).toHaveLength(0);
    replay.backToLive();
    expect(replay.active).toBe(false);
    expect(replay.tracks).toEqual([]);
  });

  it('never touches the live incidents', async () => {
    install();
    const live = useIncidentsStore();
    const replay = useReplayStore();
    replay.seek(T0 + 5 * 60_000);
    await vi.waitFor(() => expect(replay.queue).toHaveLength(1));
    expect(live.queue).toEqual([]);
  });

  it('says why when the moment cannot be loaded', async () => {
    installStrictFetch({
      '/api/situation': () => {
        throw new Error('boom');
      },
      '/api/situation/density': { from: '', to: '', bucketMs: 1, buckets: [] },
    });
    const replay = useReplayStore();
    replay.seek(T0);
    await vi.waitFor(() => expect(replay.error).toMatch(/Cannot load the situation at that moment/));
  });
});
