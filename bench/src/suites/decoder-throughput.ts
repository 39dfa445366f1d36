// Decode throughput per format on this machine, over each decoder's own good fixtures, in
// the benchmark figure shape of DESIGN.md ({suite, figure, value, unit}). Run directly:
//   npx tsx bench/src/suites/decoder-throughput.ts
import { fileURLToPath } from 'node:url';
import { createDecoder } from '@portwatch/ingest/decoders';
import { goodFixtures } from '@portwatch/ingest/testing';
import type { Figure } from '../bench-suite.ts';

const JSON_MAPPING = {
  type: 'env.smoke',
  domain: 'physical',
  severity: { path: '$.level', map: { alarm: 4 }, default: 1 },
  time: '$.ts',
  title: 'Smoke {level} in {room}',
  sensorId: '$.device.id',
  observables: [{ type: 'asset', path: '$.device.id' }],
};

export function measureDecoderThroughput(
  formats = ['eve', 'zeek', 'cef', 'onvif', 'pids', 'remoteid', 'json', 'idmef', 'nmea'],
  millis = 1000,
): Figure[] {
  const ctx = { feedId: 'bench', topic: 'bench', receivedAt: new Date('2025-03-14T02:30:00Z') };
  return formats.map((format) => {
    const decoder = createDecoder(format, format === 'json' ? { mapping: JSON_MAPPING } : undefined);
    const records = goodFixtures(format);
    for (let i = 0; i < 20_000; i++) decoder.decode(records[i % records.length], ctx);
    let count = 0;
    const started = performance.now();
    let elapsed = 0;
    while (elapsed < millis) {
      for (let i = 0; i < 1000; i++) decoder.decode(records[(count + i) % records.length], ctx);
      count += 1000;
      elapsed = performance.now() - started;
    }
    return {
      suite: 'decoders',
      figure: `${format} decode rate`,
      value: Math.round((count / elapsed) * 1000),
      unit: 'records/s',
    };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const f of measureDecoderThroughput()) console.log(JSON.stringify(f));
}
