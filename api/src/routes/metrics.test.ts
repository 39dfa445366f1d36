import { describe, expect, it } from 'vitest';
import { FeedHealth } from '@portwatch/ingest';
import { prometheus } from './metrics.ts';

describe('/metrics', () => {
  it('shows what each feed shed, by reason, and what waits in its queue', () => {
    const h = new FeedHealth();
    const now = Date.now();
    for (let i = 0; i < 3; i++)
      h.shed('perimeter', 'sensor over its share: one topic may use at most half', now, 'site/f/X');
    h.shed('perimeter', 'rate limited: feed "perimeter" is over its 2000 records/s', now);
    h.queueDepths = () => new Map([['perimeter', { records: 42 }]]);
    const text = prometheus({ feeds: () => h.snapshot(), components: () => [], metrics: () => [] });
    expect(text).toContain('portwatch_feed_records_shed_total{feed="perimeter",reason="sensor over its share"} 3');
    expect(text).toContain('portwatch_feed_records_shed_total{feed="perimeter",reason="rate limited"} 1');
    expect(text).toContain('portwatch_feed_records_queued{feed="perimeter"} 42');
    expect(text).toContain('portwatch_feed_records_rejected_total{feed="perimeter",stage="receiving"} 4');
  });
});
