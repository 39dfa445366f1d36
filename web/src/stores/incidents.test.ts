import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useIncidentsStore } from './incidents.ts';
import { HttpFailure, installStrictFetch } from '../testing/strict-fetch.ts';
import { signInForTest } from '../testing/session.ts';
import { makeIncident, minutesAgo } from '../testing/fixtures.ts';

describe('incidents store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    signInForTest();
  });

  it('hydrates the open queue, most severe and newest first', async () => {
    const api = installStrictFetch({
      '/api/incidents': [
        makeIncident({ id: 'old-high', severity: 4, firstSeen: minutesAgo(30) }),
        makeIncident({ id: 'new-medium', severity: 3, firstSeen: minutesAgo(1) }),
        makeIncident({ id: 'old-critical', severity: 5, firstSeen: minutesAgo(20) }),
        makeIncident({ id: 'new-critical', severity: 5, firstSeen: minutesAgo(2) }),
      ],
    });
    const store = useIncidentsStore();
    await store.hydrate();
    expect(api.calls).toEqual(['/api/incidents?status=open&limit=200']);
    expect(store.queue.map((i) => i.id)).toEqual(['new-critical', 'old-critical', 'old-high', 'new-medium']);
    // Loading the queue is not news: the map must not jump on page load.
    expect(store.criticalAlert).toBeNull();
  });

  it('inserts a pushed incident and replaces it by id', () => {
    const store = useIncidentsStore();
    store.upsert(makeIncident({ id: 'a', status: 'new' }));
    store.upsert(makeIncident({ id: 'a', status: 'acknowledged', assignee: 'op1' }));
    expect(store.queue).toHaveLength(1);
    expect(store.queue[0]).toMatchObject({ status: 'acknowledged', assignee: 'op1' });
  });

  it('moves a resolved incident from the queue to the resolved list, and keeps it selected to show how it ended', () => {
    const store = useIncidentsStore();
    store.upsert(makeIncident({ id: 'a' }));
    store.select('a');
    store.upsert(makeIncident({ id: 'a', status: 'resolved' }));
    expect(store.queue).toHaveLength(0);
    expect(store.resolved.map((i) => i.id)).toEqual(['a']);
    expect(store.selected?.status).toBe('resolved');
    store.upsert(makeIncident({ id: 'a', status: 'acknowledged' }));
    expect(store.queue.map((i) => i.id)).toEqual(['a']);
    expect(store.resolved).toEqual([]);
  });

  it('keeps the later write when an older push of the same incident arrives after it', () => {
    const store = useIncidentsStore();
    store.upsert(makeIncident({ id: 'a', status: 'new', revision: 1 }));
    // One API instance's resolve (written second) overtook another's correlation merge.
    store.upsert(makeIncident({ id: 'a', status: 'resolved', revision: 3 }));
    store.upsert(makeIncident({ id: 'a', status: 'new', revision: 2 }));
    expect(store.queue).toEqual([]);
    expect(store.resolved.map((i) => [i.id, i.revision])).toEqual([['a', 3]]);
    store.upsert(makeIncident({ id: 'a', status: 'acknowledged', revision: 4 }));
    expect(store.queue.map((i) => [i.status, i.revision])).toEqual([['acknowledged', 4]]);
  });

  it('a push older than the queue being loaded does not replace what the server answered', async () => {
    const store = useIncidentsStore();
    installStrictFetch({
      '/api/incidents': () => {
        // Arrives while the request is out: an older write of the incident the answer holds.
        store.upsert(makeIncident({ id: 'a', status: 'new', revision: 4 }));
        store.upsert(makeIncident({ id: 'b', status: 'new', revision: 1 }));
        return [makeIncident({ id: 'a', status: 'acknowledged', revision: 5 })];
      },
    });
    await store.hydrate();
    expect(store.queue.map((i) => [i.id, i.status, i.revision])).toEqual([
      ['a', 'acknowledged', 5],
      ['b', 'new', 1],
    ]);
  });

  it('loads the recently resolved incidents, newest resolve first', async () => {
    const resolvedAt = (min: number) => [
      { at: minutesAgo(30), by: 'rule:x', action: 'raised' },
      { at: minutesAgo(min), by: 'op', action: 'resolve', note: 'handled' },
    ];
    const api = installStrictFetch({
      '/api/incidents': (url: URL) =>
        url.searchParams.get('status') === 'resolved'
          ? [
              makeIncident({ id: 'early', status: 'resolved', history: resolvedAt(20) }),
              makeIncident({ id: 'late', status: 'resolved', history: resolvedAt(2) }),
            ]
          : [],
    });
    const store = useIncidentsStore();
    await store.loadResolved();
    expect(api.calls).toEqual(['/api/incidents?status=resolved&limit=50']);
    expect(store.resolved.map((i) => i.id)).toEqual(['late', 'early']);
    // Once looked at, a reload of the queue (after a reconnect) reloads it too.
    await store.hydrate();
    expect(api.calls.slice(1)).toEqual([
      '/api/incidents?status=open&limit=200',
      '/api/incidents?status=resolved&limit=50',
    ]);
  });

  it('sends an action and shows the incident the server sends back', async () => {
    signInForTest('operator', 'night-op');
    const api = installStrictFetch({
      'POST /api/incidents/a/actions': (_url: URL, body: unknown) => ({
        changed: true,
        incident: makeIncident({
          id: 'a',
          status: 'acknowledged',
          history: [{ at: minutesAgo(0), by: 'night-op', action: (body as { action: string }).action }],
        }),
      }),
    });
    const store = useIncidentsStore();
    store.upsert(makeIncident({ id: 'a' }));
    expect(await store.act('a', { action: 'acknowledge' })).toBe(true);
    expect(api.calls).toEqual(['POST /api/incidents/a/actions']);
    expect(store.byId.get('a')?.status).toBe('acknowledged');
    expect(store.pending).toBeNull();
    expect(store.outcome).toEqual({ incidentId: 'a', ok: true, message: '' });
  });

  it("shows the server's reason when it refuses an action, and changes nothing", async () => {
    signInForTest('operator');
    installStrictFetch({
      'POST /api/incidents/a/actions': new HttpFailure(409, {
        error: 'incident a is resolved (resolved by bob at 03:12): reopen it first to acknowledge it',
      }),
    });
    const store = useIncidentsStore();
    store.upsert(makeIncident({ id: 'a', status: 'resolved' }));
    expect(await store.act('a', { action: 'acknowledge' })).toBe(false);
    expect(store.outcome).toEqual({
      incidentId: 'a',
      ok: false,
      message: 'incident a is resolved (resolved by bob at 03:12): reopen it first to acknowledge it',
    });
    expect(store.selected).toBeNull();
    expect(store.doneById.get('a')?.status).toBe('resolved');
  });

  it('raises a critical alert for a new critical incident only once', () => {
    const store = useIncidentsStore();
    store.upsert(makeIncident({ id: 'c', severity: 5, zoneId: 'cruise-terminal' }));
    expect(store.criticalAlert).toMatchObject({ incidentId: 'c', zoneId: 'cruise-terminal' });
    const first = store.criticalAlert?.seq;
    store.upsert(makeIncident({ id: 'c', severity: 5, status: 'acknowledged', zoneId: 'cruise-terminal' }));
    expect(store.criticalAlert?.seq).toBe(first);
  });

  it('raises a critical alert when an incident escalates to critical', () => {
    const store = useIncidentsStore();
    store.upsert(makeIncident({ id: 'e', severity: 4 }));
    expect(store.criticalAlert).toBeNull();
    store.upsert(makeIncident({ id: 'e', severity: 5 }));
    expect(store.criticalAlert?.incidentId).toBe('e');
  });

  it('knows when exercise traffic is in the queue', () => {
    const store = useIncidentsStore();
    store.upsert(makeIncident({ id: 'live' }));
    expect(store.hasExercise).toBe(false);
    store.upsert(makeIncident({ id: 'drill', mode: 'exercise' }));
    expect(store.hasExercise).toBe(true);
  });

  it('keeps a push that arrived while the snapshot was in flight', async () => {
    const store = useIncidentsStore();
    installStrictFetch({
      '/api/incidents': () => {
        store.upsert(makeIncident({ id: 'a', status: 'acknowledged' }));
        return [makeIncident({ id: 'a', status: 'new' }), makeIncident({ id: 'b' })];
      },
    });
    await store.hydrate();
    expect(store.byId.get('a')?.status).toBe('acknowledged');
    expect(store.queue).toHaveLength(2);
  });
});
