import { describe, expect, it } from 'vitest';
import { SensorCounts, SENSORS_KEPT } from './sensor-counts.ts';
import { FeedHealth } from './feed-health.ts';

const T0 = Date.parse('2025-03-14T02:00:00Z');

describe('per-sensor counts', () => {
  it('names the busiest sensors first, with their shed records', () => {
    const s = new SensorCounts();
    for (let i = 0; i < 5; i++) s.received('site/fence/F1', T0 + i);
    s.shed('site/fence/F1', T0 + 4);
    s.received('site/fence/F2', T0);
    expect(s.snapshot()).toEqual({
      sensors: [
        { sensor: 'site/fence/F1', received: 5, shed: 1, lastSeen: '2025-03-14T02:00:00.004Z' },
        { sensor: 'site/fence/F2', received: 1, shed: 0, lastSeen: '2025-03-14T02:00:00.000Z' },
      ],
      otherSensors: { sensors: 0, received: 0, shed: 0 },
    });
  });

  it('stays bounded under a flood of invented sensor ids, keeps the real busy sensors and adds up', () => {
    const s = new SensorCounts();
    // Twenty real sensors with some history, then 100,000 records each from a new invented id.
    for (let r = 0; r < 20; r++) for (let i = 0; i < 10 + r; i++) s.received(`site/fence/REAL-${r}`, T0 + i);
    s.received('site/fence/FLOODER', T0);
    for (let i = 0; i < 100_000; i++) {
      const id = `site/fence/INVENTED-${i}`;
      s.received(id, T0 + 100 + i);
      s.shed(id, T0 + 100 + i);
      // The one real flooder keeps sending, and is shed too.
      s.received('site/fence/FLOODER', T0 + 100 + i);
      s.shed('site/fence/FLOODER', T0 + 100 + i);
    }
    const { sensors, otherSensors } = s.snapshot();
    expect(sensors.length).toBe(SENSORS_KEPT);
    expect(sensors[0]).toMatchObject({ sensor: 'site/fence/FLOODER', received: 100_001, shed: 100_000 });
    for (let r = 0; r < 20; r++) expect(sensors.some((x) => x.sensor === `site/fence/REAL-${r}`)).toBe(true);
    // Every record is either under a named sensor or in "other sensors".
    const realRecords = Array.from({ length: 20 }, (_, r) => 10 + r).reduce((a, b) => a + b, 0);
    const total = sensors.reduce((n, x) => n + x.received, 0) + otherSensors.received;
    expect(total).toBe(realRecords + 1 + 100_000 * 2);
    expect(otherSensors.sensors).toBeGreaterThan(99_000);
    expect(otherSensors.shed).toBe(otherSensors.received);
  });

  it('feed health counts a shed record as received, rejected before decoding and shed, against its sensor', () => {
    const h = new FeedHealth();
    h.sensorReceived('perimeter', 'site/fence/F1', T0);
    h.shed(
      'perimeter',
      'sensor over its share: one topic may use at most half of feed "perimeter"',
      T0,
      'site/fence/F1',
    );
    h.queueDepths = () => new Map([['perimeter', { records: 7 }]]);
    const [c] = h.snapshot(T0 + 10);
    expect(c).toMatchObject({
      received: 1,
      rejected: 1,
      rejectedByStage: { receiving: 1 },
      shed: 1,
      shedByReason: { 'sensor over its share': 1 },
      queued: 7,
      sensors: [{ sensor: 'site/fence/F1', received: 1, shed: 1 }],
    });
  });
});
