import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { backoffDelay, createRealtime, liveUrl, type LiveStores } from './realtime.ts';
import { useConnectionStore } from '../stores/connection.ts';
import { useIncidentsStore } from '../stores/incidents.ts';
import { FLUSH_MS, useIndicatorsStore } from '../stores/indicators.ts';
import { useSiteStore } from '../stores/site.ts';
import { useZonesStore } from '../stores/zones.ts';
import { installStrictFetch } from '../testing/strict-fetch.ts';
import { TEST_TOKEN, signInForTest } from '../testing/session.ts';
import { NOW, makeIncident, makeIndicator, makeSite, makeZoneState } from '../testing/fixtures.ts';

/** Stands in for the browser's WebSocket; the test plays the server. */
class MockSocket {
  static all: MockSocket[] = [];
  onopen: ((e: Event) => void) | null = null;
  onclose: ((e: CloseEvent) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  closed = false;
  constructor(
    readonly url: string,
    readonly protocols?: string[],
  ) {
    MockSocket.all.push(this);
  }
  close() {
    this.closed = true;
    this.onclose?.(new CloseEvent('close', { code: 1000 }));
  }
  serverOpens() {
    this.onopen?.(new Event('open'));
  }
  serverSends(msg: unknown) {
    this.onmessage?.(new MessageEvent('message', { data: typeof msg === 'string' ? msg : JSON.stringify(msg) }));
  }
  serverDrops(code = 1006) {
    this.onerror?.(new Event('error'));
    this.onclose?.(new CloseEvent('close', { code }));
  }
  static latest(): MockSocket {
    return MockSocket.all[MockSocket.all.length - 1];
  }
}

function stores(): LiveStores {
  return {
    connection: useConnectionStore(),
    site: useSiteStore(),
    zones: useZonesStore(),
    incidents: useIncidentsStore(),
    indicators: useIndicatorsStore(),
  };
}

describe('realtime service', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    signInForTest();
    MockSocket.all = [];
    vi.stubGlobal('WebSocket', MockSocket);
    vi.useFakeTimers({ now: NOW });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('derives ws:// or wss:// from the page', () => {
    expect(liveUrl({ protocol: 'http:', host: 'soc.local:8080' })).toBe('ws://soc.local:8080/api/live');
    expect(liveUrl({ protocol: 'https:', host: 'soc.port.es' })).toBe('wss://soc.port.es/api/live');
  });

  it('shows the link state in plain words', () => {
    const s = stores();
    const live = createRealtime(s, { url: 'ws://test/api/live' });
    live.start();
    expect(s.connection.label).toBe('Connecting…');
    MockSocket.latest().serverOpens();
    expect(s.connection.label).toBe('Connected');
    live.stop();
  });

  it('hands each message to the store that owns it', () => {
    const s = stores();
    const live = createRealtime(s, { url: 'ws://test/api/live' });
    live.start();
    const socket = MockSocket.latest();
    socket.serverOpens();
    socket.serverSends({
      type: 'hello',
      data: { siteId: 'valencia', serverTime: new Date(NOW + 90_000).toISOString() },
    });
    socket.serverSends({ type: 'incident', data: makeIncident({ id: 'a', status: 'new' }) });
    socket.serverSends({ type: 'incident', data: makeIncident({ id: 'a', status: 'acknowledged' }) });
    socket.serverSends({ type: 'zone', data: makeZoneState({ risk: 82, level: 'severe' }) });
    socket.serverSends({ type: 'indicator', data: makeIndicator({ id: 'i1' }) });
    socket.serverSends('not json');
    socket.serverSends({ type: 'gossip', data: {} });

    expect(s.connection.serverOffsetMs).toBe(90_000);
    expect(s.incidents.queue.map((i) => [i.id, i.status])).toEqual([['a', 'acknowledged']]);
    expect(s.zones.display('gate-north')?.level).toBe('severe');
    expect(s.connection.badMessages).toBe(2);
    vi.advanceTimersByTime(FLUSH_MS);
    expect(s.indicators.recent.map((i) => i.id)).toEqual(['i1']);
    live.stop();
  });

  it('reconnects with growing delays and reloads what it missed', async () => {
    const s = stores();
    s.site.site = makeSite();
    const live = createRealtime(s, {
      url: 'ws://test/api/live',
      initialDelayMs: 1000,
      maxDelayMs: 8000,
      random: () => 1,
    });
    live.start();
    MockSocket.latest().serverOpens();
    MockSocket.latest().serverDrops();
    expect(s.connection.label).toBe('Reconnecting…');
    expect(s.connection.offlineSince).toBe(NOW);

    vi.advanceTimersByTime(999);
    expect(MockSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(MockSocket.all).toHaveLength(2);
    MockSocket.latest().serverDrops();
    vi.advanceTimersByTime(2000);
    expect(MockSocket.all).toHaveLength(3);

    const api = installStrictFetch({
      '/api/zones': (url: URL) =>
        url.searchParams.get('mode') === 'exercise' ? [] : [makeZoneState({ level: 'high', risk: 70 })],
      '/api/incidents': [makeIncident({ id: 'missed' })],
      '/api/indicators': [],
      '/api/stats/indicator-rate': [],
    });
    MockSocket.latest().serverOpens();
    await vi.waitFor(() => expect(s.incidents.queue.map((i) => i.id)).toEqual(['missed']));
    expect(s.connection.label).toBe('Connected');
    expect(s.connection.offlineSince).toBeNull();
    expect(s.zones.display('gate-north')?.level).toBe('high');
    expect(api.calls.map((c) => c.split('?')[0]).sort()).toEqual([
      '/api/incidents',
      '/api/indicators',
      '/api/stats/indicator-rate',
      '/api/zones',
      '/api/zones',
    ]);
    live.stop();
  });

  it('stays closed after stop', () => {
    const s = stores();
    const live = createRealtime(s, { url: 'ws://test/api/live' });
    live.start();
    MockSocket.latest().serverOpens();
    live.stop();
    expect(MockSocket.latest().closed).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(MockSocket.all).toHaveLength(1);
  });

  it('sends the access token as a subprotocol beside portwatch.v2, read afresh for each attempt', () => {
    let token: string | null = TEST_TOKEN;
    const live = createRealtime(stores(), { url: 'ws://test/api/live', token: () => token, random: () => 1 });
    live.start();
    expect(MockSocket.latest().protocols).toEqual(['portwatch.v2', `portwatch.bearer.${TEST_TOKEN}`]);
    token = null;
    MockSocket.latest().serverDrops();
    vi.advanceTimersByTime(1000);
    expect(MockSocket.latest().protocols).toEqual(['portwatch.v2']);
    live.stop();
  });

  it('asks for the token to be checked when the link is refused or cut for the token, not when it merely drops', () => {
    let checks = 0;
    const live = createRealtime(stores(), {
      url: 'ws://test/api/live',
      token: () => TEST_TOKEN,
      onRefused: () => checks++,
      random: () => 1,
    });
    live.start();
    // A refused upgrade (401) looks like any failed connection to a browser.
    MockSocket.latest().serverDrops();
    expect(checks).toBe(1);
    vi.advanceTimersByTime(1000);
    MockSocket.latest().serverOpens();
    MockSocket.latest().serverDrops();
    expect(checks).toBe(1);
    vi.advanceTimersByTime(1000);
    MockSocket.latest().serverOpens();
    MockSocket.latest().serverDrops(4401);
    expect(checks).toBe(2);
    live.stop();
  });

  it('caps the backoff and spreads retries', () => {
    expect(backoffDelay(0, 1000, 10_000, () => 0)).toBe(500);
    expect(backoffDelay(3, 1000, 10_000, () => 1)).toBe(8000);
    expect(backoffDelay(10, 1000, 10_000, () => 1)).toBe(10_000);
  });
});
