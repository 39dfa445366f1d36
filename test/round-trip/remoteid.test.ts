import { describe, expect, it } from 'vitest';
import { encodeRemoteId } from '../../simulators/src/encoders/remoteid.ts';
import { decodeWith } from './decode-with.case.ts';

describe('remoteid encoder', () => {
  it('writes ASTM F3411 field names with F3411 "unknown" values for what is not given', () => {
    const record = JSON.parse(
      encodeRemoteId({ time: '2025-03-14T02:11:07.532Z', uasId: 'UAS-1', lat: 39.445, lon: -0.318 }),
    );
    expect(record).toMatchObject({
      uas_id: 'UAS-1',
      latitude: 39.445,
      longitude: -0.318,
      height: -1000,
      speed_horizontal: 255,
      track_direction: 361,
    });
  });

  it('round-trips to drone.detected at the drone position from the receiver', () => {
    const [d] = decodeWith(
      'remoteid',
      encodeRemoteId({
        time: '2025-03-14T02:11:07.532Z',
        uasId: '1596F3A4B2C8D9E0F1A2',
        lat: 39.44512,
        lon: -0.31877,
        height: 118,
        speed: 6.25,
        track: 271,
        operatorLat: 39.451,
        operatorLon: -0.33,
        operatorId: 'ESP87astrdge12k8',
        receiver: 'RID-RX-QUAY-1',
      }),
    );
    expect(d).toMatchObject({
      type: 'drone.detected',
      sensorId: 'RID-RX-QUAY-1',
      time: '2025-03-14T02:11:07.532Z',
      location: { lat: 39.44512, lon: -0.31877 },
      title: 'Drone 1596F3A4B2C8D9E0F1A2 at 118 m (height), 6.25 m/s',
    });
  });
});
