import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useIncidentsStore } from './incidents.ts';
import { installStrictFetch } from '../testing/strict-fetch.ts';
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

  it('drops a resolved incident from the queue and from the selection', () => {
    const store = useIncidentsStore();
    store.upsert(makeIncident({ id: 'a' }));
    store.select('a');
    store.upsert(makeIncident({ id: 'a', status: 'resolved' }));
    expect(store.queue).toHaveLength(0);
    expect(store.selectedId).toBeNull();
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
