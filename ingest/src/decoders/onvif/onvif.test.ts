import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createOnvifDecoder } from './index.ts';
import { decodeOk, decodeOne, decoderContract, fixture, notUsedReason, rejectionOf } from '../decoder-contract.case.ts';

const decoder = createOnvifDecoder();
const load = (name: string) => fixture(import.meta.url, name);

describe('onvif decoder: access control', () => {
  it('turns a granted credential into access.granted with the badge and the access point', () => {
    const d = decodeOne(decoder, load('access-granted.json'));
    expect(d).toMatchObject({
      type: 'access.granted',
      domain: 'physical',
      severity: 1,
      sensorId: 'AP-CT-01',
      time: '2025-03-14T02:11:07.532Z',
    });
    expect(d.observables).toContainEqual({ type: 'badge', value: 'BADGE-004211' });
    expect(d.observables).toContainEqual({ type: 'user', value: 'Eleni Papadopoulou' });
  });

  it('reads an Axis bridge record: onvif: prefix, epoch-ms timestamp, empty holder name', () => {
    const d = decodeOne(decoder, load('access-denied-axis-epoch.json'));
    expect(d).toMatchObject({
      type: 'access.denied',
      severity: 2,
      sensorId: 'AP-GATE-N2',
      time: '2025-03-14T02:11:07.532Z',
    });
    expect(d.title).toContain('CredentialExpired');
    expect(d.observables).toEqual([{ type: 'badge', value: 'BADGE-000917' }]);
  });

  it('treats an unknown card as a denial with the card number as the badge, offset time converted to UTC', () => {
    const d = decodeOne(decoder, load('access-denied-card-not-found.json'));
    expect(d).toMatchObject({ type: 'access.denied', time: '2025-03-14T02:00:00.000Z' });
    expect(d.observables).toEqual([{ type: 'badge', value: '04A1B2C3D4' }]);
    expect(d.tags).toContain('reason:CredentialNotFound/Card');
  });

  it('takes the refused credential of Denied/Identifier from IdentifierValue as the badge', () => {
    const d = decodeOne(decoder, load('access-denied-identifier.json'));
    expect(d).toMatchObject({ type: 'access.denied', sensorId: 'AP-GATE-N2', time: '2025-03-14T02:11:07.532Z' });
    expect(d.observables).toEqual([{ type: 'badge', value: '0A1B2C3D' }]);
    expect(d.title).toBe('Access denied to 0A1B2C3D at AP-GATE-N2: CredentialNotActive');
    expect(d.tags).toEqual(['reason:CredentialNotActive', 'identifier:pt:Card']);
  });

  it('takes the unknown credential of Denied/CredentialNotFound from IdentifierValue as the badge', () => {
    const d = decodeOne(decoder, load('access-denied-credential-not-found.json'));
    expect(d.type).toBe('access.denied');
    expect(d.observables).toEqual([{ type: 'badge', value: '0A1B2C3E' }]);
    expect(d.tags).toContain('reason:CredentialNotFound');
  });

  it('accepts the AccessDenied spelling some bridges use', () => {
    const d = decodeOne(decoder, load('access-granted.json').replace('AccessGranted', 'AccessDenied'));
    expect(d.type).toBe('access.denied');
  });

  it('rejects an access event without an access point, naming the field', () => {
    expect(rejectionOf(decoder, load('bad-no-access-point.json'))).toBe(
      'message.source.AccessPointToken: missing (expected a non-empty string)',
    );
  });
});

describe('onvif decoder: doors', () => {
  it('raises door forced (high) and held open (medium), not a return to normal', () => {
    expect(decodeOne(decoder, load('door-forced.json'))).toMatchObject({
      type: 'access.door_forced',
      severity: 4,
      sensorId: 'DOOR-CT-07',
    });
    expect(decodeOne(decoder, load('door-held-open.json'))).toMatchObject({
      type: 'access.door_held_open',
      severity: 3,
    });
    expect(decodeOk(decoder, load('door-normal.json'))).toEqual([]);
    expect(notUsedReason(decoder, load('door-normal.json'))).toBe(
      'door alarm back to Normal: only an alarm raises an indicator',
    );
  });

  it('rejects a door alarm state ONVIF does not define', () => {
    expect(rejectionOf(decoder, load('bad-door-state.json'))).toBe(
      'message.data.State: expected Normal, DoorForcedOpen or DoorOpenTooLong, got "Ajar"',
    );
  });
});

describe('onvif decoder: video analytics', () => {
  it('reads string booleans as Axis publishes them', () => {
    const d = decodeOne(decoder, load('field-detector-axis-strings.json'));
    expect(d).toMatchObject({ type: 'video.object_in_field', sensorId: 'CAM-QUAY-3', domain: 'physical' });
    expect(d.tags).toContain('rule:Quay fence zone');
  });

  it('ends of presence (IsInside false) raise nothing', () => {
    expect(
      decodeOk(decoder, load('field-detector-axis-strings.json').replace('"IsInside":"1"', '"IsInside":"0"')),
    ).toEqual([]);
  });

  it('keeps the tracked object of a line crossing', () => {
    const d = decodeOne(decoder, load('line-crossed.json'));
    expect(d).toMatchObject({ type: 'video.line_crossed', sensorId: 'CAM-GATE-1' });
    expect(d.observables).toEqual([{ type: 'track_id', value: 'CAM-GATE-1/42' }]);
  });

  it('reads the object id from the message key, where ONVIF puts it', () => {
    expect(decodeOne(decoder, load('line-crossed-object-in-key.json')).observables).toEqual([
      { type: 'track_id', value: 'CAM-GATE-1/7' },
    ]);
  });

  it('raises tamper and signal loss as high', () => {
    expect(decodeOne(decoder, load('tamper.json'))).toMatchObject({
      type: 'video.tamper',
      severity: 4,
      sensorId: 'CAM-CT-2',
    });
    expect(decodeOne(decoder, load('signal-loss-capitalised.json'))).toMatchObject({
      type: 'video.signal_loss',
      severity: 4,
      sensorId: 'VideoSource_1',
    });
  });

  it('rejects a non-boolean IsTamper, naming the field', () => {
    expect(rejectionOf(decoder, load('tamper.json').replace('"IsTamper":true', '"IsTamper":"maybe"'))).toBe(
      'message.data.IsTamper: expected true or false, got "maybe"',
    );
  });
});

describe('onvif decoder: records it does not map', () => {
  it('accepts other ONVIF topics with no indicator, saying which topic was not used', () => {
    expect(decodeOk(decoder, load('io-port-unmapped.json'))).toEqual([]);
    expect(notUsedReason(decoder, load('io-port-unmapped.json'))).toMatch(
      /^topic Device\/\S+: Portwatch makes no indicator from this ONVIF topic$/,
    );
  });

  it('rejects JSON that is not an ONVIF event', () => {
    expect(rejectionOf(decoder, '{"event_type":"alert"}')).toBe('topic: missing (expected a non-empty string)');
    expect(rejectionOf(decoder, 'CEF:0|x')).toMatch(/^not an ONVIF event: expected a JSON object/);
  });

  it('gives the same source reference to the same event delivered twice', () => {
    expect(decodeOne(decoder, load('door-forced.json')).sourceRef).toBe(
      decodeOne(decoder, load('door-forced.json')).sourceRef,
    );
  });
});

const samples = readdirSync(new URL('./testdata/', import.meta.url)).map(load);
// Two objects crossing one line on one camera in the same millisecond.
decoderContract(createOnvifDecoder, {
  samples,
  twins: [load('line-crossed.json'), load('line-crossed.json').replace('"ObjectId":42', '"ObjectId":43')],
});
