import { describe, it, expect, beforeAll } from 'vitest';
import type { FeedConfig, Site } from '@portwatch/schema';
import { loadSite, siteDir } from '@portwatch/dashboards';
import { decoderFactories } from '../decoders/index.ts';
import { Pipeline } from './pipeline.ts';
import { siteLocator } from './site-locator.ts';
import { REPLACED_TAG, makeStorable, storableText } from './storable.ts';

const feeds: FeedConfig[] = [
  {
    id: 'suricata',
    transport: 'kafka',
    topic: 'valencia.suricata.eve',
    format: 'eve',
    zone: ['ip', 'sensor'],
    maxRecordBytes: 262144,
    maxRatePerSec: 1000,
    enabled: true,
  },
];
let site: Site;
beforeAll(async () => {
  site = await loadSite(siteDir('valencia'));
});

// An EVE alert whose signature carries "\u0000" as JSON text: JSON.parse makes it a NUL.
const eveWithNul = (sig: string) =>
  `{"timestamp":"2026-01-15T10:00:00.123456+0100","flow_id":1,"event_type":"alert","src_ip":"10.20.4.77",` +
  `"src_port":51234,"dest_ip":"10.20.3.20","dest_port":502,"proto":"TCP","host":"ids-dc-01",` +
  `"alert":{"action":"allowed","gid":1,"signature_id":2026900,"rev":2,"signature":"${sig}",` +
  `"category":"Attempted Administrator Privilege Gain","severity":1}}`;

function run(payload: string | Uint8Array) {
  const p = new Pipeline({ siteId: 'valencia', feeds, locator: siteLocator(site), decoders: decoderFactories });
  return p.process({ via: 'kafka', topic: 'valencia.suricata.eve', payload, receivedAt: Date.now() });
}

describe('values the store cannot hold', () => {
  it('replaces a NUL escaped in a JSON string and tags the indicator', () => {
    const { indicators, rejects } = run(eveWithNul('ET SCADA Modbus \\u0000write'));
    expect(rejects).toEqual([]);
    expect(indicators[0].title).toContain('Modbus \ufffdwrite');
    expect(indicators[0].tags).toContain(REPLACED_TAG);
    expect(JSON.stringify(indicators[0])).not.toContain('\\u0000');
  });

  it('leaves a record without one as it is, untagged', () => {
    const { indicators } = run(eveWithNul('ET SCADA Modbus write \\u00e9'));
    expect(indicators[0].title).toContain('write é');
    expect(indicators[0].tags).not.toContain(REPLACED_TAG);
  });

  it('dead-letters a raw NUL byte with a payload the store can hold', () => {
    const bytes = new TextEncoder().encode('{"event_type":"alert",\u0000}');
    const { indicators, rejects } = run(bytes);
    expect(indicators).toEqual([]);
    expect(rejects[0].stage).toBe('decoding');
    expect(rejects[0].payload).toBe('{"event_type":"alert",\ufffd}');
    expect(rejects[0].size).toBe(bytes.byteLength);
  });

  it('replaces lone surrogates, keeps pairs, and walks keys too', () => {
    expect(storableText('a\ud800b\udc00c😀')).toBe('a\ufffdb\ufffdc😀');
    const v = { 'k\u0000': ['x\u0000', { y: 1 }] };
    const out = makeStorable(v);
    expect(out.changed).toBe(true);
    expect(out.value).toEqual({ 'k\ufffd': ['x\ufffd', { y: 1 }] });
  });
});
