import { describe, expect, it } from 'vitest';
import { checkMmsi } from './mmsi.ts';

describe('checkMmsi (ITU-R M.585)', () => {
  it.each([
    ['224123450', 'ship'],
    ['201000000', 'ship'],
    ['775999999', 'ship'],
    ['022412345', 'group'],
    ['002241234', 'coast'],
    ['111224123', 'sar_aircraft'],
    ['992241234', 'aton'],
    ['982241234', 'auxiliary_craft'],
    ['822412345', 'handheld'],
    ['970123456', 'sart'],
    ['972123456', 'mob'],
    ['974123456', 'epirb'],
  ])('%s is a valid %s MMSI', (mmsi, kind) => {
    expect(checkMmsi(mmsi)).toMatchObject({ valid: true, kind });
  });

  it.each([
    ['200999999', /MID 200 outside 201–775/],
    ['776000000', /MID 776 outside/],
    ['123456789', /prefix 1/],
    ['000000000', /not assigned/],
    ['002001234', /MID 200 outside .* coast station/],
    ['991001234', /MID 100 outside .* aid to navigation/],
    ['960000000', /prefix 960/],
    ['1073741823', /not 9 digits/],
  ])('%s is invalid', (mmsi, reason) => {
    expect(checkMmsi(mmsi)).toEqual({ valid: false, reason: expect.stringMatching(reason) });
  });

  it('pads numbers to 9 digits, since coast and group MMSIs start with zeros', () => {
    expect(checkMmsi(2241234)).toMatchObject({ valid: true, kind: 'coast', mid: 224 });
  });
});
