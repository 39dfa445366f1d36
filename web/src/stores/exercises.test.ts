import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { Exercise } from '@portwatch/schema';
import { useExercisesStore } from './exercises.ts';
import { HttpFailure, installStrictFetch } from '../testing/strict-fetch.ts';
import { signInForTest } from '../testing/session.ts';

function exercise(over: Partial<Exercise> = {}): Exercise {
  return {
    id: 'ex-1',
    scenario: 'gate-hybrid-intrusion',
    title: 'Gate barrier PLC tampering',
    siteId: 'valencia',
    speed: 'max',
    status: 'running',
    startedAt: '2026-03-02T01:00:00.000Z',
    startedBy: 'drill-lead',
    scenarioStart: '2026-03-02T01:00:00.000Z',
    durationS: 300,
    injects: [],
    expected: [],
    records: { sent: 0, total: 4 },
    incidentIds: [],
    ...over,
  };
}

describe('exercises store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    signInForTest();
  });

  it('starts an exercise, then knows it runs (the banner reads this)', async () => {
    const sent: unknown[] = [];
    const api = installStrictFetch({
      'POST /api/exercises': (_url: URL, body: unknown) => {
        sent.push(body);
        return { id: 'ex-1' };
      },
      '/api/exercises': [exercise()],
    });
    const store = useExercisesStore();
    expect(await store.start('gate-hybrid-intrusion', 'max')).toBe('ex-1');
    expect(sent).toEqual([{ scenario: 'gate-hybrid-intrusion', speed: 'max' }]);
    expect(store.running.map((e) => e.id)).toEqual(['ex-1']);
    expect(api.calls).toEqual(['POST /api/exercises', '/api/exercises']);
  });

  it('says why the server refused to start one', async () => {
    installStrictFetch({
      'POST /api/exercises': new HttpFailure(404, { error: 'unknown scenario "nope" (known here: a, b)' }),
    });
    const store = useExercisesStore();
    expect(await store.start('nope', 1)).toBeNull();
    expect(store.error).toBe('unknown scenario "nope" (known here: a, b)');
    expect(store.running).toEqual([]);
  });

  it('saves lessons learned and takes the review the server sends back', async () => {
    const review = { incidentId: 'inc-1', lessons: 'Patrol took 9 min.', lessonsBy: 'ana' };
    installStrictFetch({ 'POST /api/incidents/inc-1/review/lessons': () => review });
    const store = useExercisesStore();
    expect(await store.saveLessons('incidents', 'inc-1', 'Patrol took 9 min.')).toBe(true);
    expect(store.review).toEqual(review);
    expect(store.saved).not.toBeNull();
  });
});
