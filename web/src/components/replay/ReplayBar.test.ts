import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import ReplayBar from './ReplayBar.vue';
import { useReplayStore } from '../../stores/replay.ts';
import { useSiteStore } from '../../stores/site.ts';
import { installStrictFetch } from '../../testing/strict-fetch.ts';
import { signInForTest } from '../../testing/session.ts';
import { makeSite } from '../../testing/fixtures.ts';
import type { Role } from '../../stores/session.ts';

const AT = '2025-03-14T02:12:00.000Z';

function server() {
  return installStrictFetch({
    '/api/situation': (url: URL) => ({
      at: url.searchParams.get('at'),
      mode: 'live',
      zones: [],
      incidents: [],
      tracks: [],
    }),
    '/api/situation/changes': (url: URL) => ({
      from: url.searchParams.get('from'),
      to: url.searchParams.get('to'),
      mode: 'live',
      changes: [],
    }),
    '/api/situation/density': (url: URL) => ({
      from: url.searchParams.get('from'),
      to: url.searchParams.get('to'),
      bucketMs: 360_000,
      buckets: [],
    }),
  });
}

function mountAs(role: Role) {
  setActivePinia(createPinia());
  signInForTest(role);
  useSiteStore().site = makeSite();
  return mount(ReplayBar, { attachTo: document.body });
}

describe('replay bar', () => {
  beforeEach(() => history.replaceState(null, '', `#/map?at=${AT}`));
  afterEach(() => history.replaceState(null, '', '#/'));

  it('is disabled for a viewer, with the reason, even on a replay link', async () => {
    const api = installStrictFetch({});
    const w = mountAs('viewer');
    await flushPromises();
    expect(w.get('[data-testid="replay-disabled"]').text()).toMatch(/needs an analyst .* signed in as viewer/);
    expect(useReplayStore().active).toBe(false);
    expect(api.calls).toEqual([]);
    w.unmount();
  });

  it('opens a link at its moment for an analyst; Escape goes back to live and out of the address', async () => {
    server();
    const w = mountAs('analyst');
    await flushPromises();
    const replay = useReplayStore();
    expect(replay.active).toBe(true);
    expect(replay.cursor).toBe(Date.parse(AT));
    expect(w.get('[data-testid="replay-mode"]').text()).toBe('REPLAY');
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await flushPromises();
    expect(replay.active).toBe(false);
    expect(location.hash).toBe('#/map');
    expect(w.get('[data-testid="replay-help"]').attributes('title')).toMatch(/Space: play \/ pause/);
    w.unmount();
  });
});
