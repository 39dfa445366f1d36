import { describe, expect, it } from 'vitest';
import { createDecoder, decoderFactories } from './index.ts';

describe('decoder registry', () => {
  it('knows every wire format of the design', () => {
    expect(Object.keys(decoderFactories)).toEqual(
      expect.arrayContaining(['eve', 'zeek', 'cef', 'onvif', 'pids', 'remoteid', 'json', 'idmef']),
    );
  });

  it('creates a decoder whose format is its registry key', () => {
    for (const format of Object.keys(decoderFactories)) {
      const options = format === 'json' ? { mapping: { type: 'a.b', domain: 'cyber', severity: 1 } } : undefined;
      expect(createDecoder(format, options).format).toBe(format);
    }
  });

  it('names the known formats when asked for an unknown one', () => {
    expect(() => createDecoder('suricata')).toThrow(
      /unknown decoder format "suricata"; known formats: .*cef.*eve.*idmef.*json.*onvif.*pids.*remoteid.*zeek/,
    );
    expect(() => createDecoder('toString')).toThrow(/unknown decoder format "toString"/);
  });
});
