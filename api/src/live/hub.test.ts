import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import type { Incident, Indicator, LiveBatch, LiveMessage, Mode, ZoneState } from '@portwatch/schema';
import { LiveHub } from './hub.ts';

const T0 = Date.parse('2026-01-15T09:00:00.000Z');

/** Stands in for a ws socket: records what the hub sends; the test sets how much is unsent. */
class FakeSocket {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  got: LiveMessage[] = [];
  send(frame: string) {
    this.got.push(JSON.parse(frame) as LiveMessage);
  }
  on() {}
  close() {
    this.readyState = 3;
  }
  batches(): LiveBatch[] {
    return this.got.flatMap((m) => (m.type === 'batch' ? [m.data] : []));
  }
  types(): string[] {
    return this.got.map((m) => m.type);
  }
}

// As the NMEA decoder writes an AIS position report (ingest/src/decoders/nmea).
function position(mmsi: string, seconds: number, lat: number, mode: Mode = 'live'): Indicator {
  return {
    id: `ais:${mmsi}:${seconds}:${mode}`,
    time: new Date(T0 + seconds * 1000).toISOString(),
    ingestTime: new Date(T0 + seconds * 1000 + 40).toISOString(),
    mode,
    siteId: 'valencia',
    zoneId: 'outer-harbour',
    domain: 'physical',
    type: 'ais.position',
    title: `CIUDAD DE VALENCIA (MMSI ${mmsi}): under way using engine, 13.9 kn, course 40.4°`,
    severity: 1,
    confidence: 0.9,
    location: { lat, lon: -0.3 },
    source: { feed: 'ais', format: 'nmea', sensorId: null },
    observables: [{ type: 'mmsi', value: mmsi }],
    tags: ['ais', 'class_a'],
  };
}

function zone(risk: number, mode: Mode = 'live'): ZoneState {
  return {
    siteId: 'valencia',
    zoneId: 'gate-north',
    mode,
    risk,
    physical: risk,
    cyber: 0,
    level: risk > 60 ? 'high' : 'low',
    openIncidents: 0,
    updatedAt: new Date(T0 + risk).toISOString(),
  } as ZoneState;
}

const hello: LiveMessage = { type: 'hello', data: { version: '2', siteId: 'valencia', serverTime: '' } };

function connect(hub: LiveHub): FakeSocket {
  const ws = new FakeSocket();
  hub.add(ws as unknown as WebSocket, hello);
  return ws;
}

describe('live hub', () => {
  let hub: LiveHub;
  // The picture forgets tracks not heard from for 30 minutes: the clock stands just after the fixes.
  beforeEach(() => vi.useFakeTimers({ now: T0 + 30_000 }));
  afterEach(() => {
    hub.closeAll();
    vi.useRealTimers();
  });

  it('says hello, then sends the picture as it is', () => {
    hub = new LiveHub();
    hub.publishIndicators([position('224123450', 1, 39.44)]);
    hub.publishZones([zone(70)]);
    const ws = connect(hub);
    expect(ws.types()).toEqual(['hello', 'snapshot']);
    const snap = ws.got[1];
    if (snap.type !== 'snapshot') throw new Error('no snapshot');
    expect(snap.data.tracks.map((t) => [t.id, t.label, t.speedText, t.course])).toEqual([
      ['224123450', 'CIUDAD DE VALENCIA', '13.9 kn', 40.4],
    ]);
    expect(snap.data.zones.map((z) => z.risk)).toEqual([70]);
  });

  it('sends a thousand fixes of one vessel within a flush as one update, at its latest position', () => {
    hub = new LiveHub();
    const ws = connect(hub);
    hub.publishIndicators(Array.from({ length: 1000 }, (_, i) => position('224123450', i, 39.4 + i / 10_000)));
    hub.flush();
    const [batch] = ws.batches();
    expect(ws.batches()).toHaveLength(1);
    expect(batch.tracks).toHaveLength(1);
    expect(batch.tracks[0].lat).toBeCloseTo(39.4999);
    // The chart still counts every report.
    expect(batch.counts.reduce((n, c) => n + c.n, 0)).toBe(1000);
    expect(batch.indicators.length).toBeLessThanOrEqual(20);
  });

  it('sends only what changed since the last batch, and nothing when nothing did', () => {
    hub = new LiveHub();
    const ws = connect(hub);
    hub.publishIndicators([position('224123450', 1, 39.44), position('224123451', 1, 39.45)]);
    hub.publishIncidents([
      { id: 'inc-1', status: 'new', mode: 'live', lastSeen: '', history: [] } as unknown as Incident,
    ]);
    hub.flush();
    hub.publishIndicators([position('224123451', 11, 39.46), position('224123450', 0, 39.0)]); // the second is older
    hub.flush();
    hub.flush();
    const [first, second] = ws.batches();
    expect(ws.batches()).toHaveLength(2);
    expect(first.tracks.map((t) => t.id).sort()).toEqual(['224123450', '224123451']);
    expect(first.incidents.map((i) => i.id)).toEqual(['inc-1']);
    expect(second.tracks.map((t) => [t.id, t.lat])).toEqual([['224123451', 39.46]]);
    expect(second.incidents).toEqual([]);
    expect(second.seq).toBe(first.seq + 1);
  });

  it('shows every status an incident passed through within one batch, other changes once', () => {
    hub = new LiveHub();
    const ws = connect(hub);
    const inc = (status: string, lastSeen: string) =>
      ({ id: 'inc-7', status, mode: 'live', lastSeen, history: [] }) as unknown as Incident;
    hub.publishIncidents([inc('new', '09:00'), inc('new', '09:01'), inc('acknowledged', '09:01')]);
    hub.publishIncidents([inc('in_progress', '09:01'), inc('resolved', '09:01')]);
    hub.flush();
    expect(ws.batches()[0].incidents.map((i) => [i.status, i.lastSeen])).toEqual([
      ['new', '09:01'],
      ['acknowledged', '09:01'],
      ['in_progress', '09:01'],
      ['resolved', '09:01'],
    ]);
  });

  it('keeps the later write of an incident when its push arrives first (two writers publish in any order)', () => {
    hub = new LiveHub();
    const ws = connect(hub);
    const inc = (status: string, revision: number) =>
      ({ id: 'inc-8', status, mode: 'live', lastSeen: '09:01', history: [], revision }) as unknown as Incident;
    hub.publishIncidents([inc('new', 1)]);
    hub.flush();
    // Instance A's operator resolved (revision 3) after writer B merged a correlation update
    // (revision 2); A published first.
    hub.publishIncidents([inc('resolved', 3)]);
    hub.publishIncidents([inc('new', 2)]);
    hub.flush();
    expect(ws.batches()[1].incidents.map((i) => [i.status, i.revision])).toEqual([['resolved', 3]]);
    hub.publishIncidents([inc('new', 2)]);
    hub.flush();
    expect(ws.batches()).toHaveLength(2);
    // A browser connecting now gets the resolved one too.
    const snap = connect(hub).got[1];
    if (snap.type !== 'snapshot') throw new Error('no snapshot');
    expect(snap.data.incidents.map((i) => [i.status, i.revision])).toEqual([['resolved', 3]]);
  });

  it('keeps exercise apart: its own tracks and zones, never in the live counts', () => {
    hub = new LiveHub();
    const ws = connect(hub);
    hub.publishIndicators([position('224123450', 1, 39.44), position('224123450', 2, 39.5, 'exercise')]);
    hub.publishZones([zone(20), zone(90, 'exercise')]);
    hub.flush();
    const [batch] = ws.batches();
    expect(batch.tracks.map((t) => [t.mode, t.lat]).sort()).toEqual([
      ['exercise', 39.5],
      ['live', 39.44],
    ]);
    expect(batch.zones.map((z) => [z.mode, z.risk]).sort()).toEqual([
      ['exercise', 90],
      ['live', 20],
    ]);
    expect(batch.counts).toEqual([
      { minute: '2026-01-15T09:00:00.000Z', domain: 'physical', type: 'ais.position', n: 1 },
    ]);
  });

  it('skips a client that falls behind, never closes it, and sends it a fresh snapshot once it drains', () => {
    hub = new LiveHub({ maxBufferedBytes: 1000 });
    const slow = connect(hub);
    const fast = connect(hub);
    hub.publishIndicators([position('224123450', 1, 39.44)]);
    hub.flush();
    slow.bufferedAmount = 5000; // it stopped reading
    for (let i = 2; i < 10; i++) {
      hub.publishIndicators([position('224123450', i, 39.44 + i / 100)]);
      hub.flush();
    }
    expect(fast.batches()).toHaveLength(9);
    expect(slow.batches()).toHaveLength(1);
    expect(slow.readyState).toBe(slow.OPEN);
    slow.bufferedAmount = 0; // drained
    hub.publishIndicators([position('224123451', 10, 39.5)]);
    hub.flush();
    const last = slow.got.at(-1)!;
    if (last.type !== 'snapshot') throw new Error(`got ${last.type}`);
    expect(last.data.tracks.map((t) => [t.id, t.lat]).sort()).toEqual([
      ['224123450', 39.53],
      ['224123451', 39.5],
    ]);
    hub.publishIndicators([position('224123451', 11, 39.6)]);
    hub.flush();
    expect(slow.got.at(-1)!.type).toBe('batch');
    expect(hub.sent.fellBehind).toBe(1);
  });

  it('sends a heartbeat every 2 s while nothing changes', () => {
    hub = new LiveHub();
    const ws = connect(hub);
    vi.advanceTimersByTime(4100);
    expect(ws.types()).toEqual(['hello', 'snapshot', 'heartbeat', 'heartbeat']);
  });
});
