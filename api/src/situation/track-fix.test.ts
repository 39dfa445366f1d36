// Fixes from what the real decoders make of real records: a published AIS type 1 report, a
// type 5 static report naming the vessel, and an ASTM F3411 Remote ID location.
import { describe, it, expect } from 'vitest';
import type { Indicator } from '@portwatch/schema';
import { createDecoder, type Draft } from '@portwatch/ingest/decoders';
import { trackFixOf } from './track-fix.ts';

const ctx = { feedId: 'ais', topic: 'valencia/ais/RX-1', receivedAt: new Date('2026-01-15T09:00:00Z') };

function indicatorOf(d: Draft, n = 0): Indicator {
  return {
    id: `test:${n}`,
    time: d.time,
    ingestTime: d.time,
    mode: 'live',
    siteId: 'valencia',
    zoneId: null,
    domain: d.domain,
    type: d.type,
    title: d.title,
    severity: d.severity,
    confidence: d.confidence,
    location: d.location,
    source: { feed: 'test', format: 'test', sensorId: d.sensorId },
    observables: d.observables,
    tags: d.tags,
    raw: d.raw,
  };
}

function decode(format: string, lines: string[]): Indicator[] {
  const decoder = createDecoder(format);
  return lines.flatMap((line) => {
    const r = decoder.decode(line, ctx);
    if (!r.ok) throw new Error(r.reason);
    return r.drafts.map((d, i) => indicatorOf(d, i));
  });
}

describe('track fixes', () => {
  it('takes a vessel position, speed and course from its AIS report', () => {
    // gpsd sample.aivdm: 371798000, SOG 12.3, COG 224, -123.395383333 / 48.38163333333.
    const [ind] = decode('nmea', ['!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A']);
    expect(trackFixOf(ind)).toMatchObject({
      trackId: '371798000',
      kind: 'vessel',
      lat: expect.closeTo(48.381633, 5),
      lon: expect.closeTo(-123.395383, 5),
      speed: 12.3,
      course: 224,
      label: '371798000',
      alert: null,
    });
  });

  it('names a vessel from the static data the decoder joined to its position, else from the title', () => {
    // The decoder puts the name it learnt from a type 5 / 24 report into the position's raw record.
    const [ind] = decode('nmea', ['!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A']);
    const named = { ...ind, raw: { ...(ind.raw as object), name: 'EVER DIADEM' } };
    expect(trackFixOf(named)?.label).toBe('EVER DIADEM');
    const titled = { ...ind, title: 'NORDIC STAR (MMSI 371798000): under way using engine, 12.3 kn' };
    expect(trackFixOf(titled)?.label).toBe('NORDIC STAR');
  });

  it('takes a drone position, speed and direction from its Remote ID record, unknowns left out', () => {
    const [ind] = decode('remoteid', [
      '{"uas_id":"1596F3A4B2C8D9E0F1A2","timestamp":"2025-03-14T02:11:07.532Z","latitude":39.44512,"longitude":-0.31877,"height":118.0,"speed_horizontal":6.25,"track_direction":271}',
    ]);
    expect(trackFixOf(ind)).toMatchObject({ trackId: '1596F3A4B2C8D9E0F1A2', kind: 'drone', speed: 6.25, course: 271 });
    const [unknown] = decode('remoteid', [
      '{"uas_id":"DJI-1581F5FHD229K00A","timestamp":1741918267532,"lat":37.9416,"lon":23.6285,"speed_horizontal":255,"track_direction":361}',
    ]);
    expect(trackFixOf(unknown)).toMatchObject({ speed: null, course: null });
  });

  it('marks an AIS anomaly on its vessel and ignores what is not about a track', () => {
    const [position] = decode('nmea', ['!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A']);
    const gap: Indicator = {
      ...position,
      type: 'ais.gap',
      title: 'MMSI 371798000 went dark for 12 min',
      raw: undefined,
    };
    expect(trackFixOf(gap)).toMatchObject({ trackId: '371798000', alert: 'MMSI 371798000 went dark for 12 min' });
    expect(trackFixOf({ ...position, type: 'ais.static' })).toBeNull();
    expect(trackFixOf({ ...position, location: null })).toBeNull();
  });
});
