import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import FeedsView from './FeedsView.vue';
import AppHeader from '../components/layout/AppHeader.vue';
import { installStrictFetch } from '../testing/strict-fetch.ts';
import { signInForTest } from '../testing/session.ts';
import { makeDeadLetter, makeFeed, makeFeedHealth } from '../testing/feed-fixtures.ts';
import { NOW, minutesAgo } from '../testing/fixtures.ts';
import { screenOf } from '../composables/useHashRoute.ts';

let pinia: Pinia;

describe('Feeds page', () => {
  beforeEach(() => {
    pinia = createPinia();
    setActivePinia(pinia);
    signInForTest('operator');
    vi.useFakeTimers({ now: NOW });
  });
  afterEach(() => vi.useRealTimers());

  it('lists every feed with its status in words, rate, rejects by reason and last record', async () => {
    installStrictFetch({ '/api/feed-health': makeFeedHealth() });
    const wrapper = mount(FeedsView, { global: { plugins: [pinia] } });
    await flushPromises();
    const rows = wrapper.findAll('[data-testid="feed-row"]');
    expect(rows.map((r) => r.get('[data-testid="feed-status"]').text())).toEqual([
      'Receiving',
      'Rejecting 62% of records',
    ]);
    expect(rows[1].get('[data-testid="feed-status"]').classes()).toContain('status--bad');
    expect(rows[0].get('[data-testid="feed-rate"]').text()).toBe('2.5/s');
    expect(rows[1].get('[data-testid="feed-reasons"]').text()).toContain('checksum ×900');
    expect(rows[0].get('[data-testid="feed-last-seen"]').text()).toBe('just now');
    expect(wrapper.get('[data-testid="feeds-summary"]').text()).toContain(
      '1 of 2 feeds need a look: AIS receivers (NMEA 0183).',
    );
    wrapper.unmount();
  });

  it('names the sensor a flooded feed sheds most records from, and what waits to be decoded', async () => {
    const fence = makeFeed({
      id: 'perimeter',
      name: 'Fence perimeter sensors',
      topic: 'valencia/perimeter/+',
      format: 'pids',
      state: 'rejecting',
      tone: 'bad',
      status: 'Rejecting 97% of records',
      received: 1_237_500,
      indicators: 600,
      rejected: 1_236_900,
      rejectedByReason: { 'sensor over its share': 1_155_259, 'not a fence sensor (pids) event': 81_641 },
      shed: 1_155_259,
      shedByReason: { 'sensor over its share': 1_155_259 },
      queued: 250,
      sensors: [
        { sensor: 'valencia/perimeter/FLOODER', received: 1_236_900, shed: 1_155_259, lastSeen: minutesAgo(0) },
        { sensor: 'valencia/perimeter/PIDS-CT-1', received: 150, shed: 0, lastSeen: minutesAgo(0) },
      ],
    });
    installStrictFetch({ '/api/feed-health': makeFeedHealth([makeFeed(), fence]) });
    const wrapper = mount(FeedsView, { global: { plugins: [pinia] } });
    await flushPromises();
    const rows = wrapper.findAll('[data-testid="feed-row"]');
    expect(rows[0].find('[data-testid="feed-top-shedder"]').exists()).toBe(false);
    expect(rows[1].get('[data-testid="feed-top-shedder"]').text()).toBe(
      'shed ×1,155,259, most from valencia/perimeter/FLOODER ×1,155,259',
    );
    expect(rows[1].get('[data-testid="feed-queued"]').text()).toBe('250 waiting to be decoded');
    wrapper.unmount();
  });

  it('accounts for every record of a Zeek feed: indicators, rejected, not used and no zone, with reasons', async () => {
    const zeek = makeFeed({
      id: 'zeek',
      name: 'Network monitor (Zeek)',
      format: 'zeek',
      received: 68,
      indicators: 16,
      rejected: 0,
      rejectedByReason: {},
      notUsed: 52,
      notUsedByReason: { 'zeek conn log': 30, 'zeek dns log': 20, 'zeek capture_loss log': 2 },
      noZone: 3,
      noZoneByReason: { 'no sensor id in record; no asset or zone network holds 185.220.101.47': 3 },
    });
    installStrictFetch({ '/api/feed-health': makeFeedHealth([zeek]) });
    const wrapper = mount(FeedsView, { global: { plugins: [pinia] } });
    await flushPromises();
    const row = wrapper.get('[data-testid="feed-row"]');
    expect(row.get('[data-testid="feed-not-used"]').text()).toBe('52');
    const reasons = row.get('[data-testid="feed-not-used-reasons"]').text();
    expect(reasons).toContain('zeek conn log ×30');
    expect(reasons).toContain('zeek dns log ×20');
    const noZone = row.get('[data-testid="feed-no-zone"]').text();
    expect(noZone).toContain('3');
    expect(noZone).toContain('no asset or zone network holds 185.220.101.47 ×3');
    wrapper.unmount();
  });

  it('shows a broken feeds.yaml with file and key, and that the old feeds keep running', async () => {
    installStrictFetch({
      '/api/feed-health': {
        ...makeFeedHealth([makeFeed()]),
        configProblem: { file: 'dashboards/valencia/feeds.yaml', problems: ['feeds[8].format: unknown format "nmae"'] },
      },
    });
    const wrapper = mount(FeedsView, { global: { plugins: [pinia] } });
    await flushPromises();
    const problem = wrapper.get('[data-testid="config-problem"]').text();
    expect(problem).toContain('the feeds loaded before keep running');
    expect(problem).toContain('feeds[8].format: unknown format "nmae"');
    wrapper.unmount();
  });

  it('opens the rejected records of a feed with reason and raw record, and re-runs them', async () => {
    const long = makeDeadLetter({
      id: 8,
      payload: '{"x":"' + 'y'.repeat(2000),
      size: 70_000,
      payloadCut: true,
      reason: 'record too large',
    });
    let replayed = false;
    const api = installStrictFetch({
      '/api/feed-health': makeFeedHealth(),
      '/api/feed-health/ais/dead-letters': () => ({
        feed: 'ais',
        replayTracked: true,
        letters: replayed
          ? [makeDeadLetter({ replayedAt: minutesAgo(0), replayIndicatorIds: ['ais:1'] }), long]
          : [makeDeadLetter(), long],
      }),
      'POST /api/dead-letters/replay': () => {
        replayed = true;
        return { feed: 'ais', tried: 1, decoded: 1, stillRejected: 0, skipped: 1, marked: true, results: [] };
      },
    });
    const wrapper = mount(FeedsView, { global: { plugins: [pinia] } });
    await flushPromises();
    await wrapper.get('[data-feed-id="ais"]').trigger('click');
    await flushPromises();
    const letters = wrapper.findAll('[data-testid="dead-letter"]');
    expect(letters[0].get('[data-testid="dead-letter-reason"]').text()).toBe('checksum: expected 5C, got 5D');
    expect(letters[0].get('[data-testid="dead-letter-raw"]').text()).toBe(
      '!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5D',
    );
    expect(letters[1].get('[data-testid="dead-letter-raw"]').text()).toHaveLength(600);
    expect(letters[1].text()).toContain('record is 70,000 bytes, the start is shown');

    const button = wrapper.get('[data-testid="replay-button"]');
    expect(button.text()).toBe('Re-run 2 rejected records');
    await button.trigger('click');
    await flushPromises();
    expect(api.calls).toContain('POST /api/dead-letters/replay');
    expect(wrapper.get('[data-testid="replay-result"]').text()).toContain(
      '1 now decoded, 0 still rejected, 1 could not be re-run',
    );
    expect(wrapper.get('[data-testid="dead-letter-done"]').text()).toBe('re-run OK → 1 indicator');
    wrapper.unmount();
  });

  it('does not offer a viewer the re-run, and says who may', async () => {
    signInForTest('viewer');
    installStrictFetch({
      '/api/feed-health': makeFeedHealth(),
      '/api/feed-health/ais/dead-letters': { feed: 'ais', replayTracked: true, letters: [makeDeadLetter()] },
    });
    const wrapper = mount(FeedsView, { global: { plugins: [pinia] } });
    await flushPromises();
    await wrapper.get('[data-feed-id="ais"]').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid="dead-letter"]')).toHaveLength(1);
    expect(wrapper.find('[data-testid="replay-button"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="replay-needs-operator"]').text()).toBe('Re-running needs an operator token.');
    wrapper.unmount();
  });

  it('is reached from the header tab by the #/feeds address', () => {
    const header = mount(AppHeader, { props: { screen: 'feeds' }, global: { plugins: [pinia] } });
    expect(header.get('[data-testid="tab-feeds"]').attributes()).toMatchObject({
      href: '#/feeds',
      'aria-current': 'page',
    });
    expect(header.get('[data-testid="tab-map"]').attributes('aria-current')).toBeUndefined();
    expect(screenOf('#/feeds')).toBe('feeds');
    expect(screenOf('#/')).toBe('map');
    expect(screenOf('')).toBe('map');
  });
});
