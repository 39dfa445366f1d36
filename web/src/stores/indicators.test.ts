import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { FLUSH_MS, MAX_RECENT, useIndicatorsStore } from './indicators.ts';
import { installStrictFetch } from '../testing/strict-fetch.ts';
import { signInForTest } from '../testing/session.ts';
import { NOW, makeIndicator, minutesAgo } from '../testing/fixtures.ts';

const minute = (iso: string) => Math.floor(Date.parse(iso) / 60_000) * 60_000;

describe('indicators store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    signInForTest();
    vi.useFakeTimers({ now: NOW });
  });
  afterEach(() => vi.useRealTimers());

  it('applies a burst of pushes in one batch, not one by one', () => {
    const store = useIndicatorsStore();
    for (let n = 0; n < 300; n++) store.receive(makeIndicator({ id: `i${n}` }));
    expect(store.recent).toHaveLength(0);
    vi.advanceTimersByTime(FLUSH_MS);
    expect(store.recent).toHaveLength(300);
    expect(store.recent[0].id).toBe('i299');
  });

  it('keeps only the newest indicators in memory', () => {
    const store = useIndicatorsStore();
    for (let n = 0; n < MAX_RECENT + 250; n++) store.receive(makeIndicator({ id: `i${n}` }));
    vi.advanceTimersByTime(FLUSH_MS);
    for (let n = 0; n < 100; n++) store.receive(makeIndicator({ id: `j${n}` }));
    vi.advanceTimersByTime(FLUSH_MS);
    expect(store.recent).toHaveLength(MAX_RECENT);
    expect(store.recent[0].id).toBe('j99');
  });

  it('counts live indicators per minute and domain, leaving exercise traffic out', () => {
    const store = useIndicatorsStore();
    store.receive(makeIndicator({ id: 'a', domain: 'cyber', time: minutesAgo(0) }));
    store.receive(makeIndicator({ id: 'b', domain: 'physical', time: minutesAgo(0) }));
    store.receive(makeIndicator({ id: 'c', domain: 'physical', time: minutesAgo(0) }));
    store.receive(makeIndicator({ id: 'd', domain: 'physical', time: minutesAgo(0), mode: 'exercise' }));
    store.receive(makeIndicator({ id: 'e', domain: 'cyber', time: minutesAgo(90) }));
    store.flush();
    expect(store.rate.get(minute(minutesAgo(0)))).toEqual({ physical: 2, cyber: 1 });
    expect(store.rate.size).toBe(1);
  });

  it('hydrates the last hour and the server-side rate', async () => {
    const api = installStrictFetch({
      '/api/indicators': [makeIndicator({ id: 'x', time: minutesAgo(2) })],
      '/api/stats/indicator-rate': [{ minute: new Date(minute(minutesAgo(2))).toISOString(), physical: 4, cyber: 7 }],
    });
    const store = useIndicatorsStore();
    await store.hydrate();
    expect(api.calls).toContain(`/api/indicators?since=${encodeURIComponent(minutesAgo(60))}&limit=${MAX_RECENT}`);
    expect(api.calls).toContain('/api/stats/indicator-rate?minutes=60');
    expect(store.recent.map((i) => i.id)).toEqual(['x']);
    expect(store.rate.get(minute(minutesAgo(2)))).toEqual({ physical: 4, cyber: 7 });
  });
});
