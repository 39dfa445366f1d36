import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Indicator } from '../indicator.ts';
import { indicatorMessage, jsonWithoutRaw, RAW_MEMBER } from './indicator-message.ts';

/** As the decode thread writes it. */
const withRawText = (ind: Indicator, text: string) => `${jsonWithoutRaw(ind)}${RAW_MEMBER}${text}}`;

const RECORD =
  '{ "timestamp": "2025-03-14T02:11:07.532417+0000", "event_type": "alert",\n  "alert": {"signature": "ET \\"quoted\\" \\u00e9", "severity": 1} }';

function indicator(raw: unknown): Indicator {
  return {
    id: 'suricata:abc',
    time: '2025-03-14T02:11:07.532Z',
    ingestTime: '2025-03-14T02:11:08.000Z',
    mode: 'live',
    siteId: 'valencia',
    zoneId: 'gate-complex',
    domain: 'cyber',
    type: 'ids.alert',
    title: 'ET "quoted" é',
    severity: 5,
    confidence: 80,
    location: null,
    source: { feed: 'suricata', format: 'eve', sensorId: 'ids-gw-01' },
    observables: [{ type: 'ip', value: '10.20.1.5' }],
    tags: ['iface:eth0'],
    raw,
    correlationKey: 'k',
  };
}

describe('indicator messages', () => {
  it('carry the arriving record text as raw: the same JSON value as serializing it again', () => {
    const ind = indicator(JSON.parse(RECORD));
    const text = withRawText(ind, RECORD);
    expect(text).toContain('"raw":{ "timestamp"');
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(ind)));
    expect(ind.raw).toEqual(JSON.parse(RECORD)); // the indicator itself is left as it was
    const m = indicatorMessage(ind);
    expect(JSON.parse(m.value)).toEqual(JSON.parse(text));
    expect(m.key).toBe('gate-complex');
    expect(m.timestamp).toBe(Date.parse('2025-03-14T02:11:07.532Z'));
  });

  it('give the same JSON value for any record, however it was written', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2, '\t'), (value, space) => {
        const record = JSON.stringify({ payload: value }, null, space);
        const ind = indicator(JSON.parse(record));
        expect(JSON.parse(withRawText(ind, record))).toEqual(JSON.parse(JSON.stringify(ind)));
      }),
    );
  });
});
