import { describe, expect, it } from 'vitest';
import { encodeOnvifAccess, encodeOnvifDoorAlarm, encodeOnvifVideo } from '../../simulators/src/encoders/onvif.ts';
import { decodeWith } from './decode-with.case.ts';

const time = '2025-03-14T02:11:07.532Z';

describe('onvif encoders', () => {
  it('writes the ONVIF access-control topic and SimpleItem names', () => {
    const record = JSON.parse(
      encodeOnvifAccess({ time, accessPoint: 'AP-CT-01', badge: 'BADGE-1', holder: 'A. Person', granted: true }),
    );
    expect(record).toEqual({
      topic: 'tns1:AccessControl/AccessGranted/Credential',
      timestamp: time,
      message: {
        source: { AccessPointToken: 'AP-CT-01' },
        key: {},
        data: { CredentialToken: 'BADGE-1', CredentialHolderName: 'A. Person' },
      },
    });
  });

  it('round-trips access granted and denied through the ingest decoder', () => {
    const [granted] = decodeWith(
      'onvif',
      encodeOnvifAccess({ time, accessPoint: 'AP-CT-01', badge: 'BADGE-1', granted: true }),
    );
    expect(granted).toMatchObject({ type: 'access.granted', sensorId: 'AP-CT-01', time });
    const [denied] = decodeWith(
      'onvif',
      encodeOnvifAccess({
        time: new Date(time),
        accessPoint: 'AP-GATE-2',
        badge: 'BADGE-9',
        granted: false,
        reason: 'CredentialExpired',
      }),
    );
    expect(denied).toMatchObject({ type: 'access.denied', sensorId: 'AP-GATE-2', time });
    expect(denied.tags).toContain('reason:CredentialExpired');
  });

  it('round-trips door alarms', () => {
    expect(
      decodeWith('onvif', encodeOnvifDoorAlarm({ time, door: 'DOOR-7', state: 'DoorForcedOpen' }))[0],
    ).toMatchObject({ type: 'access.door_forced', sensorId: 'DOOR-7', time });
    expect(
      decodeWith('onvif', encodeOnvifDoorAlarm({ time, door: 'DOOR-7', state: 'DoorOpenTooLong' }))[0],
    ).toMatchObject({ type: 'access.door_held_open' });
    expect(decodeWith('onvif', encodeOnvifDoorAlarm({ time, door: 'DOOR-7', state: 'Normal' }))).toEqual([]);
  });

  it('round-trips video analytics events', () => {
    const cases = [
      ['field', 'video.object_in_field'],
      ['line', 'video.line_crossed'],
      ['tamper', 'video.tamper'],
      ['signal_loss', 'video.signal_loss'],
    ] as const;
    for (const [kind, type] of cases) {
      const drafts = decodeWith(
        'onvif',
        encodeOnvifVideo({ time: Date.parse(time), camera: 'CAM-3', rule: 'Quay', kind, objectId: 5 }),
      );
      expect(drafts[0], kind).toMatchObject({ type, sensorId: 'CAM-3', time });
    }
    expect(
      decodeWith('onvif', encodeOnvifVideo({ time, camera: 'CAM-3', rule: 'Quay', kind: 'field', active: false })),
    ).toEqual([]);
  });
});
