// The API's bus consumer against PGlite: what it cannot read becomes a dead letter that says
// why, and the partition keeps moving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBus } from '@portwatch/ingest';
import { TOPICS, indicatorMessage, zoneStateMessage, type Indicator } from '@portwatch/schema';
import { openPglite, type Db } from './storage/db.ts';
import { migrate } from './storage/migrations.ts';
import { Store } from './storage/store.ts';
import { LiveHub } from './live/hub.ts';
import { StoreWriter } from './store-writer.ts';

const indicator: Indicator = {
  id: 'access-control:Qm9hcmRpbmcgZ2F0ZSBCMTI',
  time: '2025-03-14T02:11:07.532Z',
  ingestTime: '2025-03-14T02:11:08.001Z',
  mode: 'live',
  siteId: 'valencia',
  zoneId: 'gate-complex',
  domain: 'physical',
  type: 'access.denied',
  title: 'Badge 40213 denied at door G-12',
  severity: 3,
  confidence: 90,
  location: null,
  source: { feed: 'access-control', format: 'json', sensorId: 'door-g12' },
  observables: [{ type: 'badge', value: '40213' }],
  tags: [],
};

let db: Db;
let store: Store;
beforeAll(async () => {
  db = await openPglite(null);
  await migrate(db);
  store = new Store(db);
});
afterAll(async () => db.close());

describe('store writer', () => {
  it('dead-letters an unreadable bus message with the reason and stores the good one after it', async () => {
    const bus = new MemoryBus();
    const writer = new StoreWriter(bus, store, new LiveHub(), { groupId: 'store-writer-test' });
    await writer.start();
    await bus.publish(TOPICS.indicators, [
      { key: 'gate-complex', value: '{"id":', timestamp: 0 },
      { key: 'gate-complex', value: 'null', timestamp: 0 },
      indicatorMessage(indicator),
    ]);
    await expect.poll(() => store.countIndicators()).toBe(1);
    await writer.stop();
    await bus.close();
    const letters = await store.listDeadLetters();
    expect(letters.map((d) => d.reason)).toEqual([
      `unreadable message on ${TOPICS.indicators} at offset 1: not a JSON object`,
      `unreadable message on ${TOPICS.indicators} at offset 0: not JSON`,
    ]);
    expect(letters[0]).toMatchObject({ feedId: null, stage: 'sending', payload: 'null', truncated: false });
  });

  it('keeps what the situation over time needs: each position as a track fix, each zone change as history', async () => {
    const bus = new MemoryBus();
    const writer = new StoreWriter(bus, store, new LiveHub(), { groupId: 'store-writer-situation' });
    await writer.start();
    const position: Indicator = {
      ...indicator,
      id: 'ais:Zml4LTE',
      type: 'ais.position',
      title: 'NORDIC STAR (MMSI 538000001): under way using engine, 12.3 kn, course 45.0°',
      location: { lat: 39.44, lon: -0.31 },
      observables: [{ type: 'mmsi', value: '538000001' }],
      raw: { messageType: 1, mmsi: '538000001', sog: 12.3, cog: 45, name: 'NORDIC STAR' },
    };
    await bus.publish(TOPICS.indicators, [indicatorMessage(position)]);
    const zone = {
      siteId: 'valencia',
      zoneId: 'gate-complex',
      mode: 'live' as const,
      risk: 45,
      physical: 45,
      cyber: 0,
    };
    await bus.publish(TOPICS.zoneState, [
      zoneStateMessage({ ...zone, level: 'elevated', openIncidents: 1, updatedAt: '2025-03-14T02:11:09.000Z' }),
    ]);
    const at = new Date('2025-03-14T02:12:00Z');
    const picture = () => store.situation.situationAt({ siteId: 'valencia', mode: 'live' }, at, ['gate-complex']);
    await expect.poll(async () => [(await picture()).zones[0].risk, (await picture()).tracks.length]).toEqual([45, 1]);
    await writer.stop();
    await bus.close();
    expect((await picture()).tracks).toEqual([
      expect.objectContaining({ id: '538000001', label: 'NORDIC STAR', speed: expect.closeTo(12.3, 4), course: 45 }),
    ]);
  });
});
