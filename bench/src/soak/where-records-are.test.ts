import { describe, expect, it } from 'vitest';
import { FeedHealth } from '@portwatch/ingest';
import { prometheus } from '../../../api/src/routes/metrics.ts';
import { feedCounts } from './where-records-are.ts';

describe("a soak's per-feed counts from /metrics", () => {
  it('reads the counters of the one feed it names, as the API renders them', () => {
    const health = new FeedHealth();
    const now = Date.now();
    for (let i = 0; i < 5; i++) health.received('access-control', now);
    health.produced('access-control', 4);
    health.rejected('access-control', 'decoding', 'not XML', now);
    health.shed('access-control', 'over the feed rate', now);
    health.shed('access-control', 'queue full', now);
    health.received('access-control-2', now); // a feed whose id starts the same is not counted
    health.shed('ais', 'queue full', now);
    const text = prometheus({
      feeds: () => health.snapshot(now),
      components: () => [],
      metrics: () => ['portwatch_bus_dropped_total 3'],
    });
    expect(feedCounts(text, 'access-control')).toEqual({
      received: 7,
      indicators: 4,
      rejected: 3,
      shed: 2,
      queued: 0,
      busDropped: 3,
    });
  });
});
