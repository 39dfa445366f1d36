import { describe, expect, it } from 'vitest';
import { FEED_DEFAULTS, type FeedConfig } from '@portwatch/schema';
import type { FeedCounters } from '../pipeline/feed-health.ts';
import { feedViews, formatSilence } from './feed-status.ts';

const NOW = Date.parse('2025-03-14T03:00:00Z');
const feed = (id: string, extra: Partial<FeedConfig> = {}): FeedConfig => ({
  ...FEED_DEFAULTS,
  id,
  name: `Feed ${id}`,
  transport: 'mqtt',
  topic: `site/${id}/+`,
  format: 'onvif',
  ...extra,
});
const counters = (feedId: string, extra: Partial<FeedCounters> = {}): FeedCounters => ({
  feedId,
  received: 100,
  indicators: 90,
  rejected: 0,
  rejectedByReason: {},
  rejectedByStage: {},
  notUsed: 10,
  notUsedByReason: { 'zeek dns log': 10 },
  noZone: 0,
  noZoneByReason: {},
  lastSeen: new Date(NOW - 1000).toISOString(),
  ratePerSec: 1,
  recentReceived: 60,
  recentRejected: 0,
  shed: 0,
  shedByReason: {},
  queued: 0,
  sensors: [],
  otherSensors: { sensors: 0, received: 0, shed: 0 },
  ...extra,
});

describe('feed status in plain words', () => {
  it('says receiving, rejecting, silent, waiting, switched off and removed', () => {
    const views = feedViews(
      [feed('ok'), feed('bad'), feed('quiet'), feed('new'), feed('off', { enabled: false })],
      [
        counters('ok'),
        counters('bad', { recentRejected: 21, rejected: 30 }),
        counters('quiet', { lastSeen: new Date(NOW - 12 * 60_000).toISOString() }),
        counters('gone'),
      ],
      NOW,
    );
    expect(views.map((v) => [v.id, v.state, v.tone, v.status])).toEqual([
      ['ok', 'receiving', 'ok', 'Receiving'],
      ['bad', 'rejecting', 'warn', 'Rejecting 35% of records'],
      ['quiet', 'silent', 'warn', 'Silent for 12 min'],
      ['new', 'waiting', 'warn', 'Nothing received since start'],
      ['off', 'disabled', 'idle', 'Switched off in feeds.yaml'],
      ['gone', 'removed', 'idle', 'Removed from feeds.yaml'],
    ]);
  });

  it('carries the declared config beside the counters', () => {
    const [v] = feedViews([feed('ais', { format: 'nmea', topic: 'valencia/ais/+' })], [counters('ais')], NOW);
    expect(v).toMatchObject({
      id: 'ais',
      name: 'Feed ais',
      transport: 'mqtt',
      topic: 'valencia/ais/+',
      format: 'nmea',
      received: 100,
      ratePerSec: 1,
    });
  });

  it('marks a feed that loses most of its records as bad, never above 100%', () => {
    const [v] = feedViews([feed('x')], [counters('x', { recentReceived: 10, recentRejected: 30 })], NOW);
    expect(v).toMatchObject({ tone: 'bad', rejectingPercent: 100, status: 'Rejecting 100% of records' });
  });

  it('judges counted feeds by their counters when the declared set is not known', () => {
    const [v] = feedViews(null, [counters('eve')], NOW);
    expect(v).toMatchObject({ id: 'eve', state: 'receiving', enabled: true, transport: null });
  });

  it('writes long silences in hours and days', () => {
    expect(formatSilence(125 * 60_000)).toBe('2 h 5 min');
    expect(formatSilence(3 * 24 * 3600_000)).toBe('3 days');
  });
});
