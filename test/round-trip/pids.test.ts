import { describe, expect, it } from 'vitest';
import { encodePids } from '../../simulators/src/encoders/pids.ts';
import { decodeWith } from './decode-with.case.ts';

describe('pids encoder', () => {
  it('writes the documented fields', () => {
    expect(
      JSON.parse(
        encodePids({
          time: '2025-03-14T02:11:07.532Z',
          sensor: 'PIDS-GATE-N1',
          segment: 3,
          offsetM: 42.5,
          event: 'cut',
          lat: 39.44,
          lon: -0.32,
        }),
      ),
    ).toEqual({
      sensor: 'PIDS-GATE-N1',
      segment: 3,
      offsetM: 42.5,
      event: 'cut',
      time: '2025-03-14T02:11:07.532Z',
      lat: 39.44,
      lon: -0.32,
    });
  });

  it('round-trips every event kind to perimeter.<event> from the sensor at the time', () => {
    for (const event of ['intrusion', 'cut', 'climb', 'tamper', 'fault'] as const) {
      const [d] = decodeWith(
        'pids',
        encodePids({
          time: new Date('2025-03-14T02:11:07.532Z'),
          sensor: 'PIDS-CT-S2',
          segment: 1,
          offsetM: 0,
          event,
          eventId: `e-${event}`,
        }),
      );
      expect(d).toMatchObject({
        type: `perimeter.${event}`,
        sensorId: 'PIDS-CT-S2',
        time: '2025-03-14T02:11:07.532Z',
        sourceRef: `e-${event}`,
      });
    }
  });
});
