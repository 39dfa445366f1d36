import { describe, it, expect } from 'vitest';
import { validateIndicator, validateCaptureRecord, type Indicator } from './index.ts';

const good: Indicator = {
  id: 'eve:ids-dc-01:1234',
  time: '2025-03-14T02:11:07.532Z',
  ingestTime: '2025-03-14T02:11:08.001Z',
  mode: 'live',
  siteId: 'valencia',
  zoneId: 'data-centre',
  domain: 'cyber',
  type: 'ids.alert',
  title: 'ET MALWARE Cobalt Strike Beacon Observed',
  severity: 5,
  confidence: 80,
  location: null,
  source: { feed: 'suricata', format: 'eve', sensorId: 'ids-dc-01', vendor: 'OISF', product: 'Suricata' },
  observables: [{ type: 'ip', value: '10.20.5.14' }],
  tags: ['exercise:false'],
};

describe('indicator validator', () => {
  it('accepts a complete indicator', () => {
    expect(validateIndicator(good)).toEqual({ ok: true, value: good });
  });
  it('names the field that is wrong', () => {
    const r = validateIndicator({ ...good, severity: 9 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('severity');
  });
  it('rejects an unknown domain with the allowed values', () => {
    const r = validateIndicator({ ...good, domain: 'space' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/domain.*physical, cyber/);
  });
  it('rejects a type that is not dotted', () => {
    expect(validateIndicator({ ...good, type: 'alert' }).ok).toBe(false);
  });
  it('rejects a non-ISO time', () => {
    expect(validateIndicator({ ...good, time: 'yesterday' }).ok).toBe(false);
  });
});

describe('capture record validator', () => {
  it('accepts an mqtt line and rejects a missing payload', () => {
    expect(
      validateCaptureRecord({ t: '2025-03-14T02:11:07Z', via: 'mqtt', topic: 'site/valencia/access', payload: '{}' })
        .ok,
    ).toBe(true);
    const r = validateCaptureRecord({ t: '2025-03-14T02:11:07Z', via: 'mqtt', topic: 'x' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('payload');
  });
});
