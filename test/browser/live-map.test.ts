// A real browser opens the live map: the site plan's zones are drawn without any tile
// server, the incident list shows the scenario's incident, and a reload keeps it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { loadSiteBundle } from '@portwatch/api';
import { RecordPublisher, buildScenario, findScenario, Rng } from '@portwatch/simulators';
import { startTestSystem, getJson, eventually, ROOT, type TestSystem } from '../support/system.ts';
import { launchBrowser } from '../support/browser.ts';

let t: TestSystem;
let browser: Browser;
const shots = join(ROOT, 'test-results');

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  t = await startTestSystem({ simulate: true, firstScenarioAfterMs: 3_600_000 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('live map in a browser', () => {
  it('draws the zones offline and lists the incident, also after a reload', async () => {
    const bundle = await loadSiteBundle('valencia');
    const scenario = findScenario('gate-hybrid-intrusion')!;
    const publisher = new RecordPublisher(t.system.mqttUrl, t.system.bus);
    await publisher.connect();
    await publisher.publish(buildScenario(scenario, bundle.site, bundle.feeds, new Rng(3), Date.now() - scenario.durationMs));
    await publisher.close();
    await eventually(async () => (await getJson<unknown[]>(`${t.base}/api/incidents`)).length > 0, 30_000, 'the incident in the store');

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(t.base) && !r.url().startsWith('ws://127.0.0.1') && !r.url().startsWith('data:')) external.push(r.url());
    });
    await page.goto(t.base);
    await page.waitForSelector('[data-testid="site-map"] path.pw-zone', { timeout: 20_000 });
    expect(await page.locator('path.pw-zone').count()).toBeGreaterThanOrEqual(8);
    const row = page.locator('[data-testid="incident-row"]').first();
    await row.waitFor({ timeout: 20_000 });
    expect(await row.innerText()).toMatch(/North gate|gate/i);
    await page.screenshot({ path: join(shots, 'live-map.png') });

    await page.reload();
    await page.locator('[data-testid="incident-row"]').first().waitFor({ timeout: 20_000 });
    expect(external).toEqual([]);
    await page.close();
  });
});
