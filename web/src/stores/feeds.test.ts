import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useFeedsStore } from './feeds.ts';
import { HttpFailure, installStrictFetch } from '../testing/strict-fetch.ts';
import { signInForTest } from '../testing/session.ts';
import { makeDeadLetter, makeFeedHealth } from '../testing/feed-fixtures.ts';

describe('feeds store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    signInForTest();
  });
  afterEach(() => vi.useRealTimers());

  it('hydrates the feeds and keeps the last figures when the server goes away', async () => {
    const api = installStrictFetch({ '/api/feed-health': makeFeedHealth() });
    const store = useFeedsStore();
    await store.hydrate();
    expect(store.feeds.map((f) => f.id)).toEqual(['access-control', 'ais']);
    expect(store.troubled.map((f) => f.id)).toEqual(['ais']);
    api.routes['/api/feed-health'] = new HttpFailure(502);
    await store.hydrate();
    expect(store.error).toMatch(/GET \/api\/feed-health failed: 502/);
    expect(store.feeds).toHaveLength(2);
  });

  it('loads the dead letters of the selected feed', async () => {
    const api = installStrictFetch({
      '/api/feed-health/ais/dead-letters': { feed: 'ais', replayTracked: true, letters: [makeDeadLetter()] },
    });
    const store = useFeedsStore();
    await store.select('ais');
    expect(api.calls).toEqual(['/api/feed-health/ais/dead-letters?limit=50']);
    expect(store.letters[0].reason).toBe('checksum: expected 5C, got 5D');
  });

  it('re-runs the pending letters of the selected feed, then reloads letters and health', async () => {
    const sent: unknown[] = [];
    const api = installStrictFetch({
      '/api/feed-health': makeFeedHealth(),
      '/api/feed-health/ais/dead-letters': { feed: 'ais', replayTracked: true, letters: [makeDeadLetter()] },
      'POST /api/dead-letters/replay': (_url: URL, body: unknown) => {
        sent.push(body);
        return {
          feed: 'ais',
          tried: 1,
          decoded: 1,
          stillRejected: 0,
          skipped: 0,
          marked: true,
          results: [{ id: 7, outcome: 'decoded', indicatorIds: ['ais:x'] }],
        };
      },
    });
    const store = useFeedsStore();
    await store.select('ais');
    await store.replay();
    expect(sent).toEqual([{ feed: 'ais' }]);
    expect(store.lastReplay?.decoded).toBe(1);
    expect(api.calls).toContain('POST /api/dead-letters/replay');
    expect(api.calls.filter((c) => c.startsWith('/api/feed-health/ais/dead-letters'))).toHaveLength(2);
  });

  it('shows what the server said when a re-run is refused', async () => {
    installStrictFetch({
      '/api/feed-health': makeFeedHealth(),
      '/api/feed-health/ais/dead-letters': { feed: 'ais', replayTracked: true, letters: [] },
      'POST /api/dead-letters/replay': new HttpFailure(503, {
        error: 'this server runs no ingest pipeline, so it cannot re-run dead letters',
      }),
    });
    const store = useFeedsStore();
    await store.select('ais');
    await store.replay();
    expect(store.replayError).toBe(
      'POST /api/dead-letters/replay failed: this server runs no ingest pipeline, so it cannot re-run dead letters',
    );
    expect(store.replaying).toBe(false);
  });

  it('polls every few seconds while the page is open, and stops', async () => {
    vi.useFakeTimers();
    const api = installStrictFetch({ '/api/feed-health': makeFeedHealth() });
    const store = useFeedsStore();
    store.startPolling(5000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(api.calls).toHaveLength(3);
    store.stopPolling();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(api.calls).toHaveLength(3);
  });
});
