import { describe, it, expect, beforeAll } from 'vitest';
import type { FeedConfig, Site } from '@portwatch/schema';
import { loadSite, siteDir } from '@portwatch/dashboards';
import { decoderFactories, type Draft } from '../decoders/index.ts';
import { kafkaRef, Pipeline, type ParsedPayload } from './pipeline.ts';
import { siteLocator } from './site-locator.ts';

let site: Site;
const feeds: FeedConfig[] = [
  {
    id: 'access-control',
    transport: 'mqtt',
    topic: 'valencia/access/+',
    format: 'onvif',
    zone: ['sensor'],
    maxRecordBytes: 65536,
    maxRatePerSec: 1000,
    enabled: true,
  },
  {
    id: 'suricata',
    transport: 'kafka',
    topic: 'valencia.suricata.eve',
    format: 'eve',
    zone: ['ip', 'sensor'],
    maxRecordBytes: 262144,
    maxRatePerSec: 1000,
    enabled: true,
  },
];

beforeAll(async () => {
  site = await loadSite(siteDir('valencia'));
});

const doorForced = JSON.stringify({
  topic: 'tns1:Door/State/DoorAlarm',
  timestamp: '2026-01-15T09:02:30.000Z',
  message: { source: { DoorToken: 'DOOR-GN-01' }, key: {}, data: { State: 'DoorForcedOpen' } },
});
const eveAlert = JSON.stringify({
  timestamp: '2026-01-15T10:00:00.123456+0100',
  flow_id: 1234567890123,
  event_type: 'alert',
  src_ip: '10.20.4.77',
  src_port: 51234,
  dest_ip: '10.20.3.20',
  dest_port: 502,
  proto: 'TCP',
  host: 'ids-dc-01',
  alert: {
    action: 'allowed',
    gid: 1,
    signature_id: 2026900,
    rev: 2,
    signature: 'ET SCADA Modbus write',
    category: 'Attempted Administrator Privilege Gain',
    severity: 1,
  },
});

function pipeline() {
  return new Pipeline({ siteId: 'valencia', feeds, locator: siteLocator(site), decoders: decoderFactories });
}

describe('pipeline', () => {
  it('turns an ONVIF door alarm into a located, valid indicator', () => {
    const { indicators, rejects } = pipeline().process({
      via: 'mqtt',
      topic: 'valencia/access/DOOR-GN-01',
      payload: doorForced,
      receivedAt: Date.parse('2026-01-15T09:02:31Z'),
    });
    expect(rejects).toEqual([]);
    expect(indicators).toHaveLength(1);
    expect(indicators[0]).toMatchObject({
      type: 'access.door_forced',
      domain: 'physical',
      zoneId: 'gate-north',
      mode: 'live',
      siteId: 'valencia',
      time: '2026-01-15T09:02:30.000Z',
      ingestTime: '2026-01-15T09:02:31.000Z',
    });
    expect(indicators[0].location).not.toBeNull();
  });

  it("places a door event on a door known only as an access reader's door where that reader is", () => {
    const forced = doorForced.replace('DOOR-GN-01', 'DOOR-CT-MAIN'); // the door of reader AP-CT-01
    const { indicators } = pipeline().process({
      via: 'mqtt',
      topic: 'valencia/access/AP-CT-01',
      payload: forced,
      receivedAt: Date.parse('2026-01-15T09:02:31Z'),
    });
    const reader = site.sensors.features.find((f) => f.properties.id === 'AP-CT-01')!;
    expect(indicators[0]).toMatchObject({
      type: 'access.door_forced',
      zoneId: 'cruise-terminal',
      location: { lat: reader.geometry.coordinates[1], lon: reader.geometry.coordinates[0] },
    });
  });

  it('locates an EVE alert by the IP of the asset it targets', () => {
    const { indicators } = pipeline().process({
      via: 'kafka',
      topic: 'valencia.suricata.eve',
      payload: eveAlert,
      receivedAt: Date.now(),
    });
    expect(indicators[0]).toMatchObject({
      type: 'ids.alert',
      domain: 'cyber',
      zoneId: 'gate-north',
      assetId: 'gate-barrier-plc',
      time: '2026-01-15T09:00:00.123Z',
    });
  });

  it('hands back the object the decoder parsed and its text, and never a stale one', () => {
    const p = pipeline();
    const parsed: ParsedPayload = { record: null, text: '' };
    const bytes = new TextEncoder().encode(eveAlert);
    const { indicators } = p.process(
      { via: 'kafka', topic: 'valencia.suricata.eve', payload: bytes, receivedAt: 1 },
      parsed,
    );
    // The decode thread sends this text as the indicator's raw instead of serializing it again.
    expect(indicators[0].raw).toBe(parsed.record);
    expect(parsed.text).toBe(eveAlert);
    expect(JSON.parse(parsed.text)).toEqual(parsed.record);
    // A record refused before any decoder parsed it leaves nothing from the one before.
    p.process(
      { via: 'kafka', topic: 'valencia.suricata.eve', payload: new Uint8Array([0x7b, 0xff]), receivedAt: 2 },
      parsed,
    );
    expect(parsed.record).toBeNull();
  });

  it('gives a redelivered record the same indicator id', () => {
    const p = pipeline();
    const a = p.process({ via: 'mqtt', topic: 'valencia/access/DOOR-GN-01', payload: doorForced, receivedAt: 1 });
    const b = p.process({ via: 'mqtt', topic: 'valencia/access/DOOR-GN-01', payload: doorForced, receivedAt: 2 });
    expect(a.indicators[0].id).toBe(b.indicators[0].id);
    // Fixed across processes and versions: the id of this record is part of stored data.
    expect(a.indicators[0].id).toBe('access-control:w39TSh6HzMhw0mW7YZKLPA');
  });

  it('marks records on an exercise topic as exercise, with an id of their own', () => {
    const p = pipeline();
    const live = p.process({ via: 'mqtt', topic: 'valencia/access/DOOR-GN-01', payload: doorForced, receivedAt: 1 })
      .indicators[0];
    const ex = p.process({
      via: 'mqtt',
      topic: 'exercise/valencia/access/DOOR-GN-01',
      payload: doorForced,
      receivedAt: 1,
    }).indicators[0];
    expect(ex.mode).toBe('exercise');
    expect(ex.id).not.toBe(live.id);
    expect(ex.tags).toContain('exercise');
  });

  it('rejects bad records with a reason, counts them, and the next good record still passes', () => {
    const p = pipeline();
    const topic = 'valencia/access/AP-GN-01';
    const bad = [
      'not json at all',
      JSON.stringify({ hello: 'world' }),
      'x'.repeat(1024 * 1024),
      new Uint8Array([0xff, 0xfe, 0xfd]),
    ];
    const reasons = bad.map(
      (payload) => p.process({ via: 'mqtt', topic, payload, receivedAt: Date.now() }).rejects[0]?.reason,
    );
    for (const r of reasons) expect(r).toMatch(/\S/);
    expect(reasons[2]).toMatch(/too large: 1048576 bytes/);
    expect(reasons[3]).toMatch(/UTF-8/);
    const good = p.process({
      via: 'mqtt',
      topic: 'valencia/access/DOOR-GN-01',
      payload: doorForced,
      receivedAt: Date.now(),
    });
    expect(good.indicators).toHaveLength(1);
    const [health] = p.health.snapshot().filter((f) => f.feedId === 'access-control');
    expect(health.received).toBe(5);
    expect(health.rejected).toBe(4);
    expect(health.indicators).toBe(1);
  });

  it("keys a Kafka record's dead letter by its place, the same when the record is read again", () => {
    const p = pipeline();
    const topic = 'valencia.suricata.eve';
    const at = (offset: string, payload: string, receivedAt: number) =>
      p.process({ via: 'kafka', topic, payload, receivedAt, ref: kafkaRef(topic, 3, offset) }).rejects[0];
    const first = at('1207', '{"event_type": "alert", "timestamp": ', 1);
    expect(first.key).toMatch(/^kafka:valencia\.suricata\.eve:3:1207:/);
    // Read again after a crash, later: the same dead letter.
    expect(at('1207', '{"event_type": "alert", "timestamp": ', 5_000).key).toBe(first.key);
    // The same bad bytes at the next offset are another record; other bytes at the same place too.
    expect(at('1208', '{"event_type": "alert", "timestamp": ', 5_001).key).not.toBe(first.key);
    expect(at('1207', '{"event_type": "alert"', 5_002).key).not.toBe(first.key);
    // MQTT gives a record no place: its dead letter is keyed when it goes on the bus.
    const mqtt = p.process({ via: 'mqtt', topic: 'valencia/access/AP-GN-01', payload: 'x', receivedAt: 1 });
    expect(mqtt.rejects[0].key).toBeUndefined();
  });

  it('counts a well-formed record that makes no indicator as not used, with the reason, and dead-letters nothing', () => {
    const p = pipeline();
    const normal = doorForced.replace('DoorForcedOpen', 'Normal');
    const result = p.process({ via: 'mqtt', topic: 'valencia/access/DOOR-GN-01', payload: normal, receivedAt: 1 });
    expect(result).toEqual({
      indicators: [],
      rejects: [],
      notUsed: 'door alarm back to Normal: only an alarm raises an indicator',
    });
    p.process({ via: 'mqtt', topic: 'valencia/access/DOOR-GN-01', payload: doorForced, receivedAt: 2 });
    p.process({ via: 'mqtt', topic: 'valencia/access/DOOR-GN-01', payload: 'not json', receivedAt: 3 });
    const [health] = p.health.snapshot(3).filter((f) => f.feedId === 'access-control');
    expect(health).toMatchObject({ received: 3, indicators: 1, rejected: 1, notUsed: 1 });
    expect(health.notUsedByReason).toEqual({ 'door alarm back to Normal': 1 });
  });

  it('keeps a record whose zone cannot be found, with the reason', () => {
    const unknown = doorForced.replace('DOOR-GN-01', 'DOOR-NOWHERE');
    const { indicators } = pipeline().process({
      via: 'mqtt',
      topic: 'valencia/access/DOOR-NOWHERE',
      payload: unknown,
      receivedAt: Date.now(),
    });
    expect(indicators[0].zoneId).toBeNull();
    expect(indicators[0].zoneReason).toMatch(/DOOR-NOWHERE.*not in the site's sensor registry/);
  });

  it('dead-letters a record its source refused, with the reason, counted for the feed', () => {
    const p = pipeline();
    const refused = 'MQTT packet too large: 317 bytes (limit 200)';
    const { indicators, rejects } = p.process({
      via: 'mqtt',
      topic: 'valencia/access/DOOR-GN-01',
      payload: doorForced,
      receivedAt: 1,
      refused,
    });
    expect(indicators).toEqual([]);
    expect(rejects).toMatchObject([{ feedId: 'access-control', stage: 'receiving', reason: refused }]);
    expect(p.health.snapshot().find((f) => f.feedId === 'access-control')).toMatchObject({ rejected: 1 });
  });

  it('counts an indicator kept without a zone per feed, with the reason', () => {
    const p = pipeline();
    const unknown = doorForced.replace('DOOR-GN-01', 'DOOR-NOWHERE');
    p.process({ via: 'mqtt', topic: 'valencia/access/DOOR-NOWHERE', payload: unknown, receivedAt: 1 });
    p.process({ via: 'mqtt', topic: 'valencia/access/DOOR-GN-01', payload: doorForced, receivedAt: 2 });
    const [health] = p.health.snapshot(2).filter((f) => f.feedId === 'access-control');
    expect(health).toMatchObject({ received: 2, indicators: 2, noZone: 1 });
    expect(health.noZoneByReason).toEqual({ [`sensor "DOOR-NOWHERE" not in the site's sensor registry`]: 1 });
  });

  it('rejects records for which no feed is declared', () => {
    const { rejects } = pipeline().process({
      via: 'mqtt',
      topic: 'somewhere/else',
      payload: doorForced,
      receivedAt: Date.now(),
    });
    expect(rejects[0].reason).toMatch(/no feed declared for mqtt topic "somewhere\/else"/);
  });

  it('rate-limits a flooding feed and says so', () => {
    const p = new Pipeline({
      siteId: 'valencia',
      feeds: [{ ...feeds[0], maxRatePerSec: 5 }],
      locator: siteLocator(site),
      decoders: decoderFactories,
    });
    const now = Date.now();
    const results = Array.from({ length: 20 }, () =>
      p.process({ via: 'mqtt', topic: 'valencia/access/DOOR-GN-01', payload: doorForced, receivedAt: now }),
    );
    const limited = results.filter((r) => r.rejects[0]?.reason.startsWith('rate limited'));
    // A burst of twice the rate passes; the rest of the flood is dead-lettered with the reason.
    expect(limited.length).toBe(10);
  });

  it('rejects a draft that breaks the Indicator contract, saying which field', () => {
    const good: Draft = {
      time: '2026-01-15T09:02:30.000Z',
      domain: 'physical',
      type: 'test.event',
      title: 'Test',
      severity: 2,
      confidence: 50,
      location: null,
      sensorId: 'DOOR-GN-01',
      observables: [],
      tags: [],
    };
    const cases: [Partial<Draft>, RegExp][] = [
      [{}, /^$/],
      [{ severity: 9 as Draft['severity'] }, /^indicator invalid: severity: expected an integer 0–5, got 9$/],
      [{ confidence: Number.NaN }, /^indicator invalid: confidence/],
      [{ time: '2026-01-15T09:02:30+01:00' }, /^indicator invalid: time/],
      [{ type: 'Alert' }, /^indicator invalid: type/],
      [{ location: { lat: 91, lon: 0 } }, /^indicator invalid: location/],
      [{ observables: [{ type: 'ssn' as 'ip', value: 'x' }] }, /^indicator invalid: observables\.0\.type/],
      [{ tags: ['x'.repeat(129)] }, /^indicator invalid: tags\.0/],
    ];
    for (const [change, reason] of cases) {
      const decoders = {
        ...decoderFactories,
        onvif: () => ({ format: 'onvif', decode: () => ({ ok: true as const, drafts: [{ ...good, ...change }] }) }),
      };
      const p = new Pipeline({ siteId: 'valencia', feeds, locator: siteLocator(site), decoders });
      const { indicators, rejects } = p.process({
        via: 'mqtt',
        topic: 'valencia/access/DOOR-GN-01',
        payload: doorForced,
        receivedAt: Date.now(),
      });
      expect(rejects.map((r) => r.reason).join(''), JSON.stringify(change)).toMatch(reason);
      expect(indicators).toHaveLength(rejects.length ? 0 : 1);
      if (rejects.length)
        expect(rejects[0]).toMatchObject({ feedId: 'access-control', stage: 'normalizing', payload: doorForced });
    }
  });
});

describe('time-driven enrichers', () => {
  it('counts what a sweep produces in the feed health', () => {
    const gap = {
      time: '2026-01-15T09:10:00.000Z',
      domain: 'physical' as const,
      type: 'ais.gap',
      title: 'MMSI 224123450 went dark',
      severity: 3 as const,
      confidence: 70,
      location: { lat: 39.449, lon: -0.29 },
      sensorId: null,
      observables: [{ type: 'mmsi' as const, value: '224123450' }],
      tags: ['ais'],
      sourceRef: 'ais.gap:224123450:2026-01-15T09:10:00.000Z',
    };
    let due = true;
    const p = new Pipeline({
      siteId: 'valencia',
      feeds: [{ ...feeds[0], format: 'onvif' }],
      locator: siteLocator(site),
      decoders: decoderFactories,
      enrichers: { onvif: () => ({ observe: () => [], sweep: () => (due ? ((due = false), [gap]) : []) }) },
    });
    p.process({ via: 'mqtt', topic: 'valencia/access/DOOR-GN-01', payload: doorForced, receivedAt: Date.now() });
    const found = p.sweep(Date.now());
    expect(found.map((i) => i.type)).toEqual(['ais.gap']);
    const [health] = p.health.snapshot().filter((f) => f.feedId === 'access-control');
    expect(health.indicators).toBe(2);
  });
});
