import { describe, it, expect } from 'vitest';
import { eventTimeMs } from './event-time.ts';

describe('event time', () => {
  it('reads canonical ISO times exactly as Date.parse does, across centuries and leap days', () => {
    for (let ms = -2e12; ms < 8e12; ms += 7_777_777_777) {
      const iso = new Date(ms).toISOString();
      expect(eventTimeMs(iso)).toBe(Date.parse(iso));
    }
    for (const iso of [
      '2024-02-29T23:59:59.999Z',
      '2000-02-29T00:00:00.000Z',
      '1970-01-01T00:00:00.000Z',
      '2026-12-31T12:00:00.001Z',
    ])
      expect(eventTimeMs(iso)).toBe(Date.parse(iso));
  });

  it('leaves other forms and impossible dates to Date.parse', () => {
    for (const iso of [
      '2026-01-15T09:00:00Z',
      '2026-01-15T10:00:00.000+01:00',
      '2026-02-29T00:00:00.000Z',
      '1900-02-29T00:00:00.000Z',
      '2026-04-31T00:00:00.000Z',
      '2026-01-01T24:00:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '2026-01-01T00:00:00.0x0Z',
      '202x-01-01T00:00:00.000Z',
      '2026-01-01T00:00:00.00xZ',
      'not a time',
    ])
      expect(eventTimeMs(iso)).toStrictEqual(Date.parse(iso));
  });
});
