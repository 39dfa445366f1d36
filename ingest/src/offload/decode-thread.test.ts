// The decode thread is a real worker thread running the real decoders: what comes back must be
// exactly what the pipeline on the main thread would have published.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { loadSite, siteDir } from '@portwatch/dashboards';
import { indicatorMessage, type FeedConfig, type Site } from '@portwatch/schema';
import { loadFeeds } from '../feeds/load-feeds.ts';
import { decoderFactories } from '../decoders/index.ts';
import { goodFixtures } from '../testing/good-fixtures.ts';
import { Pipeline } from '../pipeline/pipeline.ts';
import { siteLocator } from '../pipeline/site-locator.ts';
import { DecodeThread } from './decode-thread.ts';
import type { BusMessage } from '../bus/bus.ts';

let site: Site & { dir: string };
let feeds: FeedConfig[];
let thread: DecodeThread;
const RECEIVED = Date.parse('2026-03-14T02:11:08.000Z');

beforeAll(async () => {
  site = await loadSite(siteDir('valencia'));
  feeds = await loadFeeds(site.dir, {
    knownFormats: Object.keys(decoderFactories),
    zoneIds: site.zones.features.map((z) => z.properties.id),
  });
  thread = new DecodeThread({ siteDir: site.dir, feeds, mainThreadFormats: ['nmea'], threads: 2 });
  await thread.start();
}, 60_000);

afterAll(async () => {
  await thread?.stop();
});

const asBytes = (texts: string[]) => texts.map((value) => ({ value, bytes: Buffer.from(value) }));

describe('decode thread', () => {
  it('turns a batch of EVE and Zeek records into the same bus messages as the main-thread pipeline', async () => {
    const main = new Pipeline({ siteId: site.id, feeds, locator: siteLocator(site), decoders: decoderFactories });
    for (const [topic, format] of [
      ['valencia.suricata.eve', 'eve'],
      ['valencia.zeek', 'zeek'],
    ]) {
      const records = goodFixtures(format);
      const expected = records.flatMap((payload) =>
        main.process({ via: 'kafka', topic, payload, receivedAt: RECEIVED }).indicators.map(indicatorMessage),
      );
      for (const partition of [0, 1]) {
        const got = await thread.decode(topic, partition, asBytes(records), RECEIVED);
        expect(got.feedId).toBe(format === 'eve' ? 'suricata' : 'zeek');
        expect(got.received).toBe(records.length);
        expect(got.rejects).toEqual([]);
        expect(got.indicators.length).toBeGreaterThan(0);
        // The same messages; raw may be spelled as the record arrived (same JSON value).
        const plain = (m: BusMessage) => ({
          key: m.key,
          timestamp: m.timestamp,
          value: JSON.parse(m.value) as unknown,
        });
        expect(got.indicators.map(plain)).toEqual(expected.map(plain));
        // Kafka gets the bytes as they are: the same text, as UTF-8.
        expect(got.indicators.map((m) => Buffer.from(m.bytes!).toString('utf8'))).toEqual(
          got.indicators.map((m) => m.value),
        );
      }
    }
  });

  it('rejects what it cannot decode with a reason, and the good records of the batch still come through', async () => {
    const good = readFileSync(
      join(import.meta.dirname, '..', 'decoders', 'eve', 'testdata', 'alert-offset-0000.json'),
      'utf8',
    );
    const values = [
      { value: '', bytes: Buffer.from('{"timestamp": "yesterday"') },
      { value: '', bytes: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) },
      { value: good, bytes: Buffer.from(good) },
    ];
    const got = await thread.decode('valencia.suricata.eve', 0, values, RECEIVED);
    expect(got.received).toBe(3);
    expect(got.rejects.map((r) => [r.stage, r.reason])).toEqual([
      ['decoding', expect.stringMatching(/^not valid JSON/)],
      ['decoding', 'payload is not valid UTF-8'],
    ]);
    expect(got.rejects[0].payload).toBe('{"timestamp": "yesterday"');
    expect(got.indicators).toHaveLength(1);
    expect(JSON.parse(got.indicators[0].value).source.feed).toBe('suricata');
  });

  it("keys the dead letters of Kafka records by their offsets, and the in-process bus's not at all", async () => {
    const values = [
      { value: '', bytes: Buffer.from('{"timestamp": "yesterday"'), offset: '70' },
      { value: '', bytes: Buffer.from('{"timestamp": "yesterday"'), offset: '71' },
    ];
    const kafka = await thread.decode('valencia.suricata.eve', 4, values, RECEIVED, true);
    const keys = kafka.rejects.map((r) => r.key);
    expect(keys).toEqual([
      expect.stringMatching(/^kafka:valencia\.suricata\.eve:4:70:/),
      expect.stringMatching(/^kafka:valencia\.suricata\.eve:4:71:/),
    ]);
    // Read again (a crash before the commit): the same keys.
    const again = await thread.decode('valencia.suricata.eve', 4, values, RECEIVED + 60_000, true);
    expect(again.rejects.map((r) => r.key)).toEqual(keys);
    const memory = await thread.decode('valencia.suricata.eve', 4, values, RECEIVED);
    expect(memory.rejects.map((r) => r.key)).toEqual([undefined, undefined]);
    // A batch without its offsets gets no keys rather than made-up ones that would match.
    const unplaced = values.map(({ value, bytes }) => ({ value, bytes }));
    const none = await thread.decode('valencia.suricata.eve', 4, unplaced, RECEIVED, true);
    expect(none.rejects.map((r) => r.key)).toEqual([undefined, undefined]);
  });

  it('publishes a record with an escaped NUL with the character replaced, not as it arrived', async () => {
    const good = readFileSync(
      join(import.meta.dirname, '..', 'decoders', 'eve', 'testdata', 'alert-offset-0000.json'),
      'utf8',
    );
    const withNul = JSON.stringify({ ...JSON.parse(good), note: 'Eve\u0000' });
    expect(withNul).toContain('\\u0000');
    const got = await thread.decode('valencia.suricata.eve', 0, asBytes([withNul]), RECEIVED);
    expect(got.indicators).toHaveLength(1);
    expect(got.indicators[0].value).not.toContain('\\u0000');
    const ind = JSON.parse(got.indicators[0].value);
    expect(ind.raw.note).toBe('Eve\ufffd');
    expect(ind.tags).toContain('replaced-unstorable-characters');
  });

  it('takes a reloaded feed set for the batches after it', async () => {
    const [good] = goodFixtures('zeek');
    thread.setFeeds(feeds.map((f) => (f.id === 'zeek' ? { ...f, enabled: false } : f)));
    // As text (a bus without bytes) as well as bytes.
    const off = await thread.decode('valencia.zeek', 0, [{ value: good }], RECEIVED);
    expect(off.feedId).toBeNull();
    expect(off.rejects[0].reason).toMatch(/no feed declared for kafka topic "valencia.zeek"/);
    thread.setFeeds(feeds);
    const on = await thread.decode('valencia.zeek', 0, asBytes([good]), RECEIVED);
    expect(on.feedId).toBe('zeek');
    expect(on.rejects).toEqual([]);
  });

  it('leaves stateful formats (AIS tracks) to the main thread', () => {
    expect(thread.takes('nmea')).toBe(false);
    expect(thread.takes('eve')).toBe(true);
  });
});
