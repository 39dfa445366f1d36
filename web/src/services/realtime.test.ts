import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { backoffDelay, createRealtime, liveUrl, type LiveStores } from './realtime.ts';
import { useConnectionStore } from '../stores/connection.ts';
import { useIncidentsStore } from '../stores/incidents.ts';
import { FLUSH_MS, useIndicatorsStore } from '../stores/indicators.ts';
import { useSiteStore } from '../stores/site.ts';
import { useZonesStore } from '../stores/zones.ts';
import { TRACK_FLUSH_MS, useTracksStore } from '../stores/tracks.ts';
import { installStrictFetch } from '../testing/strict-fetch.ts';
import { TEST_TOKEN, signInForTest } from '../testing/session.ts';
import type { LiveBatch, LiveTrack } from '@portwatch/schema/live';
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
    tracks: useTracksStore(),
  };
}

/** A batch as the hub cuts it, with only what the test gives. */
function batch(data: Partial<LiveBatch>): { type: 'batch'; data: LiveBatch } {
  return {
    type: 'batch',
    data: {
      seq: 1,
      at: new Date(NOW).toISOString(),
      tracks: [],
      zones: [],
      incidents: [],
      counts: [],
      indicators: [],
      ...data,
    },
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
    socket.serverSends(batch({ incidents: [makeIncident({ id: 'a', status: 'new' })] }));
    socket.serverSends(batch({ incidents: [makeIncident({ id: 'a', status: 'acknowledged' })] }));
    socket.serverSends(batch({ zones: [makeZoneState({ risk: 82, level: 'severe' })] }));
    socket.serverSends(batch({ indicators: [makeIndicator({ id: 'i1' })] }));
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

  it('draws the picture from a snapshot, then moves it with batches, and counts for the chart', () => {
    const s = stores();
    const live = createRealtime(s, { url: 'ws://test/api/live' });
    live.start();
    const socket = MockSocket.latest();
    socket.serverOpens();
    const ship: LiveTrack = {
      id: '224123450',
      kind: 'vessel',
      mode: 'live',
      label: 'CIUDAD DE VALENCIA',
      lat: 39.44,
      lon: -0.31,
      time: new Date(NOW - 20_000).toISOString(),
      speed: 13.9,
      speedText: '13.9 kn',
      course: 40.4,
      detail: 'Under way using engine, 13.9 kn, course 40.4°',
    };
    const minute = new Date(Math.floor(NOW / 60_000) * 60_000).toISOString();
    socket.serverSends({
      type: 'snapshot',
      data: {
        seq: 4,
        at: new Date(NOW).toISOString(),
        tracks: [ship],
        zones: [makeZoneState({ risk: 70, level: 'high' })],
        incidents: [makeIncident({ id: 'open-one' })],
        counts: [{ minute, domain: 'cyber', type: 'ids.alert', n: 3 }],
      },
    });
    socket.serverSends(
      batch({
        tracks: [{ ...ship, lat: 39.45, time: new Date(NOW - 10_000).toISOString() }],
        counts: [
          { minute, domain: 'cyber', type: 'ids.alert', n: 2 },
          { minute, domain: 'physical', type: 'ais.position', n: 1 },
        ],
      }),
    );
    vi.advanceTimersByTime(TRACK_FLUSH_MS);
    expect(s.tracks.tracks).toHaveLength(1);
    expect(s.tracks.tracks[0]).toMatchObject({
      label: 'CIUDAD DE VALENCIA (MMSI 224123450)',
      speed: '13.9 kn',
      course: 40.4,
      detail: 'Under way using engine, 13.9 kn, course 40.4°',
    });
    expect(s.tracks.tracks[0].points.map((p) => p.lat)).toEqual([39.44, 39.45]);
    expect(s.zones.display('gate-north')?.level).toBe('high');
    expect(s.incidents.queue.map((i) => i.id)).toEqual(['open-one']);
    expect(s.indicators.rate.get(Date.parse(minute))).toEqual({ physical: 1, cyber: 5 });
    live.stop();
  });

  it('says Reconnecting within 5 s of the server going silent, and opens the link afresh', () => {
    const s = stores();
    const live = createRealtime(s, { url: 'ws://test/api/live', random: () => 1 });
    live.start();
    const first = MockSocket.latest();
    first.serverOpens();
    // Heartbeats every 2 s keep a quiet link connected.
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(2000);
      first.serverSends({ type: 'heartbeat', data: { serverTime: new Date().toISOString() } });
    }
    expect(s.connection.label).toBe('Connected');
    const frozenAt = Date.now();
    vi.advanceTimersByTime(4999);
    expect(s.connection.label).toBe('Connected');
    vi.advanceTimersByTime(1);
    expect(s.connection.label).toBe('Reconnecting…');
    expect(s.connection.offlineSince).toBe(frozenAt);
    expect(first.closed).toBe(true);
    vi.advanceTimersByTime(1000);
    expect(MockSocket.all).toHaveLength(2);
    MockSocket.latest().serverOpens();
    expect(s.connection.label).toBe('Connected');
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
