import { describe, expect, it } from 'vitest';
import { createNmeaDecoder } from '../decoders/nmea/index.ts';
import { anomalyDraft, fixFromPosition } from './ais-drafts.ts';
import { expectedReportIntervalMs } from './ais-report-interval.ts';
import { AisTracker, type AisFix } from './ais-tracker.ts';
import { distanceNm } from './distance-nm.ts';

const T0 = Date.parse('2025-03-14T10:00:00Z');
const MMSI = '224123450';
// Off the port of Valencia.
const VALENCIA = { lat: 39.44, lon: -0.3 };

function fix(secondsAfterT0: number, extra: Partial<AisFix> = {}): AisFix {
  return { mmsi: MMSI, time: T0 + secondsAfterT0 * 1000, lat: VALENCIA.lat, lon: VALENCIA.lon, sog: 12.3, ...extra };
}

/** A point `nm` nautical miles due north of Valencia (by the tracker's own distance). */
function north(nm: number): { lat: number; lon: number } {
  const oneDegree = distanceNm(VALENCIA, { lat: VALENCIA.lat + 1, lon: VALENCIA.lon });
  return { lat: VALENCIA.lat + nm / oneDegree, lon: VALENCIA.lon };
}

describe('expected report intervals (ITU-R M.1371)', () => {
  it.each([
    [0, 'A', null, 10_000],
    [14, 'A', null, 10_000],
    [14.1, 'A', null, 6_000],
    [23, 'A', null, 6_000],
    [23.1, 'A', null, 2_000],
    [0.2, 'A', 1, 180_000],
    [0.2, 'A', 5, 180_000],
    [4, 'A', 1, 10_000],
    [12, 'B', null, 30_000],
  ] as const)('%s kn, class %s, status %s: every %i ms', (sog, aisClass, status, ms) => {
    expect(expectedReportIntervalMs(sog, aisClass, status)).toBe(ms);
  });

  it('a gap is 10 intervals and at least 2 minutes', () => {
    const tracker = new AisTracker();
    expect(tracker.gapThresholdMs(12.3)).toBe(120_000);
    expect(tracker.gapThresholdMs(12.3, 'B')).toBe(300_000);
    expect(tracker.gapThresholdMs(1, 'A', 1)).toBe(1_800_000);
  });
});

describe('going dark (ais.gap)', () => {
  it('is reported just past the threshold, not at it', () => {
    const tracker = new AisTracker();
    tracker.observe(fix(0));
    expect(tracker.sweep(T0 + 120_000)).toEqual([]);
    const [gap] = tracker.sweep(T0 + 120_001);
    expect(gap).toMatchObject({
      type: 'ais.gap',
      severity: 3,
      mmsi: MMSI,
      location: VALENCIA,
      time: '2025-03-14T10:02:00.000Z',
    });
    expect(gap.title).toBe(
      'MMSI 224123450 went dark while under way at 12.3 kn: no report for over 2 min (expected every 10 s)',
    );
    expect(tracker.sweep(T0 + 600_000)).toEqual([]);
  });

  it('uses the class B interval', () => {
    const tracker = new AisTracker();
    tracker.observe(fix(0, { aisClass: 'B' }));
    expect(tracker.sweep(T0 + 300_000)).toEqual([]);
    expect(tracker.sweep(T0 + 300_001)).toHaveLength(1);
  });

  it('is not reported for a vessel at 0.5 kn or slower', () => {
    const tracker = new AisTracker();
    tracker.observe(fix(0, { sog: 0.5 }));
    tracker.observe(fix(0, { mmsi: '224123451', sog: 0.6 }));
    expect(tracker.sweep(T0 + 3_000_000).map((a) => a.mmsi)).toEqual(['224123451']);
  });

  it('is found when the vessel reappears, with the length of the silence', () => {
    const tracker = new AisTracker();
    tracker.observe(fix(0, { name: 'EVER DIADEM' }));
    const [gap] = tracker.observe(fix(14 * 60, { lat: north(2.8).lat }));
    expect(gap.title).toBe('EVER DIADEM (MMSI 224123450) went dark for 14 min while under way at 12.3 kn');
    expect(gap.time).toBe('2025-03-14T10:02:00.000Z');
    expect(gap.location).toEqual(VALENCIA);
  });

  it('is reported once per silence, and again after the vessel reappears and goes dark again', () => {
    const tracker = new AisTracker();
    tracker.observe(fix(0));
    expect(tracker.sweep(T0 + 200_000)).toHaveLength(1);
    expect(tracker.observe(fix(300))).toEqual([]);
    expect(tracker.sweep(T0 + 420_000)).toEqual([]);
    expect(tracker.sweep(T0 + 420_001)).toHaveLength(1);
  });
});

describe('impossible movement', () => {
  it('a jump at exactly 60 kn is possible; just past it is an ais.speed_jump', () => {
    const tracker = new AisTracker({ jitterNm: 0 });
    tracker.observe(fix(0));
    expect(tracker.observe(fix(90, north(1.5)))).toEqual([]); // 1.5 nm in 90 s = 60 kn
    const [jump] = tracker.observe(fix(179.9, north(3)));
    expect(jump).toMatchObject({ type: 'ais.speed_jump', severity: 3, mmsi: MMSI });
    expect(jump.location!.lat).toBeCloseTo(north(3).lat, 9);
    expect(jump.title).toBe('MMSI 224123450 jumped 1.5 nm in 1 min 30 s (implied 60 kn, limit 60 kn)');
  });

  it('tolerates GPS noise between close fixes', () => {
    const tracker = new AisTracker();
    tracker.observe(fix(0));
    expect(tracker.observe(fix(1, north(0.2)))).toEqual([]);
  });

  it('the same MMSI in two places at once is an ais.identity_conflict, raised once', () => {
    const tracker = new AisTracker();
    const elsewhere = north(27);
    tracker.observe(fix(0, { receiverId: 'rcv-valencia' }));
    const [conflict] = tracker.observe(fix(10, { ...elsewhere, receiverId: 'rcv-sagunto' }));
    expect(conflict).toMatchObject({ type: 'ais.identity_conflict', severity: 4, location: elsewhere });
    expect(conflict.title).toBe(
      'MMSI 224123450 reported 27.0 nm apart within 10 s: two transmitters share the MMSI or one is spoofed',
    );
    expect(conflict.details).toMatchObject({ fromReceiver: 'rcv-valencia', toReceiver: 'rcv-sagunto' });
    // Both transmitters keep reporting: each matches its own track, no alert storm.
    for (let t = 20; t < 300; t += 10) {
      expect(tracker.observe(fix(t, t % 20 === 0 ? VALENCIA : elsewhere))).toEqual([]);
    }
  });

  it('two fixes just inside the conflict window are a conflict; just outside, a jump', () => {
    const far = north(50);
    const inside = new AisTracker();
    inside.observe(fix(0));
    expect(inside.observe(fix(60, far)).map((a) => a.type)).toEqual(['ais.identity_conflict']);
    const outside = new AisTracker();
    outside.observe(fix(0));
    expect(outside.observe(fix(60.001, far)).map((a) => a.type)).toEqual(['ais.speed_jump']);
  });

  it('reports fixes without a position for gaps but not for jumps', () => {
    const tracker = new AisTracker();
    tracker.observe(fix(0));
    expect(tracker.observe(fix(10, { lat: null, lon: null }))).toEqual([]);
    expect(tracker.sweep(T0 + 130_001)).toHaveLength(1);
  });
});

describe('memory', () => {
  it('forgets tracks unheard for more than an hour', () => {
    const tracker = new AisTracker();
    tracker.observe(fix(0, { sog: 0 }));
    tracker.sweep(T0 + 3_600_000);
    expect(tracker.size).toBe(1);
    tracker.sweep(T0 + 3_600_001);
    expect(tracker.size).toBe(0);
  });

  it('holds at most maxTracks, dropping the least recently heard', () => {
    const tracker = new AisTracker({ maxTracks: 2 });
    tracker.observe(fix(0, { mmsi: '224000001' }));
    tracker.observe(fix(1, { mmsi: '224000002' }));
    tracker.observe(fix(2, { mmsi: '224000001' }));
    tracker.observe(fix(3, { mmsi: '224000003' }));
    expect(tracker.size).toBe(2);
    expect(
      tracker
        .sweep(T0 + 200_000)
        .map((a) => a.mmsi)
        .sort(),
    ).toEqual(['224000001', '224000003']);
  });
});

describe('with the decoder', () => {
  it('reads fixes from ais.position drafts and turns anomalies into drafts', () => {
    const decoder = createNmeaDecoder();
    const result = decoder.decode('\\s:rcv01,c:1710382267*57\\!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A', {
      feedId: 'ais',
      topic: 'ais',
      receivedAt: new Date(),
    });
    if (!result.ok) throw new Error(result.reason);
    const position = fixFromPosition(result.drafts[0]);
    expect(position).toMatchObject({
      mmsi: '371798000',
      time: 1710382267000,
      sog: 12.3,
      receiverId: 'rcv01',
      aisClass: 'A',
      navStatus: 0,
    });
    expect(fixFromPosition({ ...result.drafts[0], type: 'ais.static' })).toBeNull();

    const tracker = new AisTracker();
    tracker.observe(position!);
    const [gap] = tracker.sweep(1710382267000 + 120_001);
    expect(anomalyDraft(gap)).toMatchObject({
      type: 'ais.gap',
      domain: 'physical',
      severity: 3,
      time: '2024-03-14T02:13:07.000Z',
      observables: [{ type: 'mmsi', value: '371798000' }],
      correlationKey: 'mmsi:371798000',
      sourceRef: 'ais.gap:371798000:2024-03-14T02:13:07.000Z',
    });
  });
});
