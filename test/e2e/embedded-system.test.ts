// The walking skeleton end to end: the embedded system serves the API, pushes live
// indicators from the simulators, and raises the hybrid scenario's incident over the WebSocket.
// A viewer signs in with a token, as the web app does.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Incident } from '@portwatch/schema';
import { loadSiteBundle } from '@portwatch/system';
import { mintTestToken, signedIn, type SignedInClient } from '@portwatch/api/testing';
import { RecordPublisher, buildScenario, findScenario, Rng } from '@portwatch/simulators';
import { startTestSystem, getJson, type TestSystem } from '../support/system.ts';

let t: TestSystem;
let viewer: SignedInClient;

beforeAll(async () => {
  t = await startTestSystem({ simulate: true, firstScenarioAfterMs: 3_600_000 });
  viewer = signedIn(t.base, mintTestToken(t.system.tokensFile, 'viewer'));
});
afterAll(async () => t?.stop());

describe('embedded system', () => {
  it('answers /api/health and lists at least 8 zones with a risk value', async () => {
    const health = await getJson<{ status: string; simulated: boolean }>(`${t.base}/api/health`);
    expect(health).toMatchObject({ status: 'ok', simulated: true });
    const zones = await viewer.getJson<{ zoneId: string; risk: number; level: string }[]>('/api/zones');
    expect(zones.length).toBeGreaterThanOrEqual(8);
    for (const z of zones) expect(typeof z.risk).toBe('number');
  });

  it('pushes simulated indicators over /api/live within 10 s', async () => {
    const live = await viewer.liveSocket();
    // Batched: the counts for the charts and the newest indicators, not one frame per indicator.
    const m = await live.waitForItem('count', (c) => c.n > 0, 10_000);
    expect(m.n).toBeGreaterThan(0);
    live.close();
  });

  it('raises the hybrid scenario as an incident pushed live and kept in the store', async () => {
    const live = await viewer.liveSocket();
    const bundle = await loadSiteBundle('valencia');
    const scenario = findScenario('gate-hybrid-intrusion')!;
    // Event times in the recent past, published at once: the rules run on event time.
    const records = buildScenario(scenario, bundle.site, bundle.feeds, new Rng(7), Date.now() - scenario.durationMs);
    const publisher = new RecordPublisher(t.system.mqttUrl, t.system.bus);
    await publisher.connect();
    await publisher.publish(records);
    await publisher.close();
    const msg = { data: await live.waitForItem('incident', (i) => i.ruleId === 'hybrid-zone-activity', 30_000) };
    expect(msg.data).toMatchObject({ zoneId: 'gate-north', status: 'new', mode: 'live' });
    expect(msg.data.domains).toEqual(['physical', 'cyber']);
    live.close();
    const stored = await viewer.getJson<Incident[]>('/api/incidents');
    expect(stored.map((i) => i.id)).toContain(msg.data.id);
    const zones = await viewer.getJson<{ zoneId: string; risk: number }[]>('/api/zones');
    expect(zones.find((z) => z.zoneId === 'gate-north')!.risk).toBeGreaterThan(0);
  });

  it('answers a bad query with a 400 that says what was expected', async () => {
    const res = await viewer.fetch('/api/indicators?limit=lots');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/limit: expected an integer/);
    const badType = await viewer.fetch(`/api/indicators?type=${encodeURIComponent("ais.position,x' OR 1=1")}`);
    expect(badType.status).toBe(400);
    expect((await badType.json()).error).toMatch(/type: expected indicator types like "ais.position"/);
  });
});
