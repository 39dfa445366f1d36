import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useZonesStore } from './zones.ts';
import { installStrictFetch } from '../testing/strict-fetch.ts';
import { signInForTest } from '../testing/session.ts';
import { makeZoneState, minutesAgo } from '../testing/fixtures.ts';

describe('zones store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    signInForTest();
  });

  it('hydrates live states with their names', async () => {
    const api = installStrictFetch({
      '/api/zones': (url: URL) =>
        url.searchParams.get('mode') === 'exercise'
          ? [makeZoneState({ mode: 'exercise', risk: 0, level: 'low' })]
          : [{ ...makeZoneState({ risk: 65, level: 'high' }), name: 'North Gate' }],
    });
    const store = useZonesStore();
    await store.hydrate();
    expect(api.calls.sort()).toEqual(['/api/zones', '/api/zones?mode=exercise']);
    expect(store.display('gate-north')).toMatchObject({ level: 'high', risk: 65, exercise: false });
    expect(store.names['gate-north']).toBe('North Gate');
  });

  it('applies a pushed zone update and ignores one that arrives late', () => {
    const store = useZonesStore();
    store.apply(makeZoneState({ risk: 85, level: 'severe', updatedAt: minutesAgo(1) }));
    expect(store.apply(makeZoneState({ risk: 10, level: 'low', updatedAt: minutesAgo(2) }))).toBe(false);
    expect(store.display('gate-north')?.level).toBe('severe');
  });

  it('keeps exercise risk apart from live risk and marks it when it is the higher', () => {
    const store = useZonesStore();
    store.apply(makeZoneState({ risk: 15, level: 'low' }));
    store.apply(makeZoneState({ mode: 'exercise', risk: 70, level: 'high' }));
    expect(store.live['gate-north'].risk).toBe(15);
    expect(store.display('gate-north')).toMatchObject({ level: 'high', exercise: true });
  });

  it('ignores replay states on the live map', () => {
    const store = useZonesStore();
    expect(store.apply(makeZoneState({ mode: 'replay', level: 'severe' }))).toBe(false);
    expect(store.display('gate-north')).toBeNull();
  });

  it('keeps a push that arrived while the snapshot was in flight', async () => {
    const store = useZonesStore();
    installStrictFetch({
      '/api/zones': (url: URL) => {
        if (url.searchParams.get('mode') === 'exercise') return [];
        store.apply(makeZoneState({ risk: 90, level: 'severe', updatedAt: minutesAgo(0) }));
        return [makeZoneState({ risk: 20, level: 'guarded', updatedAt: minutesAgo(1) })];
      },
    });
    await store.hydrate();
    expect(store.display('gate-north')?.level).toBe('severe');
  });
});
