import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPidsDecoder } from './index.ts';
import { decodeOne, decoderContract, fixture, rejectionOf } from '../decoder-contract.case.ts';

const decoder = createPidsDecoder();
const load = (name: string) => fixture(import.meta.url, name);

describe('pids decoder', () => {
  it('turns a fence cut into perimeter.cut (high) at its position, keyed by the controller event id', () => {
    const d = decodeOne(decoder, load('cut-with-position.json'));
    expect(d).toMatchObject({
      type: 'perimeter.cut',
      domain: 'physical',
      severity: 4,
      confidence: 85,
      sensorId: 'PIDS-GATE-N1',
      location: { lat: 39.44321, lon: -0.32318 },
      sourceRef: 'N1-000812',
      time: '2025-03-14T02:11:07.532Z',
    });
    expect(d.title).toBe('Fence cut: PIDS-GATE-N1 segment 3 at 42.5 m');
    expect(d.observables).toEqual([{ type: 'asset', value: 'PIDS-GATE-N1/3' }]);
  });

  it('accepts the minimal record: offset time converted, no position, default confidence', () => {
    expect(decodeOne(decoder, load('intrusion-minimal.json'))).toMatchObject({
      type: 'perimeter.intrusion',
      time: '2025-03-14T02:11:07.000Z',
      location: null,
      confidence: 80,
    });
  });

  it('keeps faults physical and low, ignoring gateway-specific fields', () => {
    expect(decodeOne(decoder, load('fault-extra-fields.json'))).toMatchObject({
      type: 'perimeter.fault',
      domain: 'physical',
      severity: 2,
      confidence: 100,
    });
  });

  it('maps each event to its severity', () => {
    const base = JSON.parse(load('intrusion-minimal.json'));
    const sev = (event: string) => decodeOne(decoder, JSON.stringify({ ...base, event })).severity;
    expect(['intrusion', 'cut', 'climb', 'tamper', 'fault'].map(sev)).toEqual([4, 4, 4, 3, 2]);
  });

  it('rejects an unknown event and a half position, naming the field', () => {
    expect(rejectionOf(decoder, load('bad-event.json'))).toBe(
      'event: expected one of intrusion, cut, climb, tamper, fault, got "wind"',
    );
    expect(rejectionOf(decoder, load('bad-lat-only.json'))).toBe(
      'lon: expected a longitude -180–180 (with lat), got nothing',
    );
    expect(rejectionOf(decoder, '{"sensor":"S","segment":-1}')).toBe('segment: expected an integer 0–100000, got -1');
  });
});

const samples = readdirSync(new URL('./testdata/', import.meta.url)).map(load);
// Two intrusions on one fence segment in one instant, 12 m apart, without controller event ids.
decoderContract(createPidsDecoder, {
  samples,
  twins: [load('intrusion-minimal.json'), load('intrusion-minimal.json').replace('"offsetM":0', '"offsetM":12')],
});
