import { describe, expect, it } from 'vitest';
import { TOPICS, type FeedConfig } from '@portwatch/schema';
import type { Bus, BusMessage } from '../bus/bus.ts';
import { decoderFactories } from '../decoders/index.ts';
import { Pipeline } from '../pipeline/pipeline.ts';
import type { ZoneLocator } from '../pipeline/zone-locator.ts';
import { reprocessThrough } from './reprocess.ts';

const nowhere: ZoneLocator = { bySensor: () => null, byPosition: () => null, byIp: () => null, hasZone: () => false };
const smokeFeed = (mapping: Record<string, unknown>): FeedConfig => ({
  id: 'smoke',
  transport: 'mqtt',
  topic: 'site/smoke/+',
  format: 'json',
  mapping,
  zone: ['sensor'],
  maxRecordBytes: 65536,
  maxRatePerSec: 1000,
  enabled: true,
});
const record = JSON.stringify({ ts: '2025-03-14T02:11:07Z', level: 'alarm', room: 'B2', device: { id: 'SMK-7' } });

function recordingBus() {
  const published: { topic: string; messages: BusMessage[] }[] = [];
  const bus = {
    kind: 'memory',
    publish: async (topic: string, messages: BusMessage[]) => void published.push({ topic, messages }),
  } as unknown as Bus;
  return { bus, published };
}

describe('re-running a dead letter after the mapping was fixed', () => {
  it('is rejected again with the new reason while the mapping is still wrong, and publishes nothing', async () => {
    const pipeline = new Pipeline({
      siteId: 's',
      feeds: [smokeFeed({ type: 'env.smoke', domain: 'physical', severity: 3, time: '$.when', title: 'Smoke' })],
      locator: nowhere,
      decoders: decoderFactories,
    });
    const { bus, published } = recordingBus();
    const result = await reprocessThrough(pipeline, bus)({ via: 'mqtt', topic: 'site/smoke/SMK-7', payload: record });
    expect(result.indicators).toBe(0);
    expect(result.reasons[0]).toMatch(/\S/);
    expect(published).toEqual([]);
  });

  it('becomes an indicator on the indicators topic once the feeds are fixed, with a stable id', async () => {
    const pipeline = new Pipeline({
      siteId: 's',
      feeds: [smokeFeed({ type: 'env.smoke', domain: 'physical', severity: 3, time: '$.when', title: 'Smoke' })],
      locator: nowhere,
      decoders: decoderFactories,
    });
    pipeline.setFeeds([
      smokeFeed({
        type: 'env.smoke',
        domain: 'physical',
        severity: 3,
        time: '$.ts',
        title: 'Smoke in {room}',
        sensorId: '$.device.id',
      }),
    ]);
    const { bus, published } = recordingBus();
    const rerun = reprocessThrough(pipeline, bus);
    const first = await rerun({ via: 'mqtt', topic: 'site/smoke/SMK-7', payload: record });
    const second = await rerun({ via: 'mqtt', topic: 'site/smoke/SMK-7', payload: record });
    expect(first).toMatchObject({ indicators: 1, reasons: [] });
    expect(second.indicatorIds).toEqual(first.indicatorIds);
    expect(published[0].topic).toBe(TOPICS.indicators);
    expect(JSON.parse(published[0].messages[0].value as string)).toMatchObject({
      id: first.indicatorIds[0],
      type: 'env.smoke',
      time: '2025-03-14T02:11:07.000Z',
    });
  });
});
