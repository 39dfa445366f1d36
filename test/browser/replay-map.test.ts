// The situation picture in a real browser against the embedded system: an operator watches
// 5,000 vessels move (AIS positions over the embedded MQTT broker), reads one's details,
// opens an incident and sees its zones framed and its evidence; an analyst replays the moment
// before an incident, plays forward at 60× until it appears, and goes back to live — while an
// operator in another browser sees only live state throughout.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import type { Incident } from '@portwatch/schema';
import { loadSiteBundle } from '@portwatch/system';
import { mintTestToken, signedIn } from '@portwatch/api/testing';
import { RecordPublisher, buildScenario, findScenario, Rng } from '@portwatch/simulators';
import { startTestSystem, eventually, type TestSystem } from '../support/system.ts';
import { launchBrowser } from '../support/browser.ts';
import { Fleet } from '../support/ais-fleet.ts';

const VESSELS = 5000;
/** Under the AIS feed's 500 records/s limit (dashboards/valencia/feeds.yaml). */
const ROUND_MS = 12_000;
const looks = join(tmpdir(), 'portwatch-screenshots');

let t: TestSystem;
let browser: Browser;
let fleet: Fleet;
let client: mqtt.MqttClient;
let incident: Incident;

beforeAll(async () => {
  mkdirSync(looks, { recursive: true });
  t = await startTestSystem();
  browser = await launchBrowser();
  const bundle = await loadSiteBundle('valencia');
  fleet = new Fleet(VESSELS, { center: bundle.site.center, spreadDeg: 0.025 }, 'AIS-VLC-01', 'valencia/ais/AIS-VLC-01');
  client = await mqtt.connectAsync(t.system.mqttUrl!, { clientId: `replay-map-test-${process.pid}` });
  // A hybrid intrusion at the north gate, a few minutes ago: the incident both tests look at.
  const scenario = findScenario('gate-hybrid-intrusion')!;
  const publisher = new RecordPublisher(t.system.mqttUrl, t.system.bus);
  await publisher.connect();
  await publisher.publish(
    buildScenario(scenario, bundle.site, bundle.feeds, new Rng(4), Date.now() - scenario.durationMs - 60_000),
  );
  await publisher.close();
  const admin = signedIn(t.base, mintTestToken(t.system.tokensFile, 'admin', 'setup'));
  incident = await eventually(
    async () =>
      (await admin.getJson<Incident[]>('/api/incidents')).find(
        (i) => i.ruleId === 'hybrid-zone-activity' && i.zoneId === 'gate-north',
      ),
    30_000,
    'the gate incident',
  );
}, 120_000);
afterAll(async () => {
  await client?.endAsync();
  await browser?.close();
  await t?.stop();
});

async function openAs(role: 'operator' | 'analyst', name: string, hash = ''): Promise<Page> {
  const token = mintTestToken(t.system.tokensFile, role, name);
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await page.goto(`${t.base}/#/login?token=${token}`);
  await page.waitForSelector('[data-testid="site-map"] path.pw-zone', { timeout: 20_000 });
  if (hash) await page.evaluate((h) => (location.hash = h), hash);
  return page;
}

const trackCount = (page: Page) =>
  page.evaluate(() => Number(document.querySelector<HTMLElement>('[data-testid="track-canvas"]')?.dataset.tracks ?? 0));

/** The page position of a vessel-coloured pixel near the middle of the map (web/src/map/track-look.ts). */
async function aVessel(page: Page): Promise<{ x: number; y: number } | null> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="track-canvas"]');
    if (!canvas?.width) return null;
    const { data, width, height } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    const box = canvas.getBoundingClientRect();
    const scale = box.width / width;
    for (let r = 0; r < Math.max(width, height) / 2; r += 2)
      for (const [dx, dy] of [
        [r, 0],
        [-r, 0],
        [0, r],
        [0, -r],
      ]) {
        const x = Math.floor(width / 2 + dx);
        const y = Math.floor(height / 2 + dy);
        const i = (y * width + x) * 4;
        if (
          data[i + 3] > 200 &&
          Math.abs(data[i] - 0x66) < 6 &&
          Math.abs(data[i + 1] - 0xd9) < 6 &&
          Math.abs(data[i + 2] - 0xe8) < 6
        )
          return { x: box.left + x * scale, y: box.top + y * scale };
      }
    return null;
  });
}

describe('the situation picture in a browser', () => {
  it('shows an operator 5,000 moving vessels, one’s details on hover, and an incident framed with its evidence', async () => {
    const page = await openAs('operator', 'harbour-watch');
    await fleet.publishRound(client, ROUND_MS);
    await eventually(async () => (await trackCount(page)) >= VESSELS, 60_000, `${VESSELS} vessels on the map`);
    await page.screenshot({ path: join(looks, 'map-5000-tracks.png') });

    const where = await eventually(() => aVessel(page), 10_000, 'a vessel drawn near the middle');
    await page.mouse.move(where.x, where.y);
    const details = page.locator('.leaflet-tooltip [data-testid="track-details"]');
    await details.waitFor({ timeout: 5_000 });
    const first = await details.innerText();
    expect(first).toMatch(/MMSI 244\d{6}[\s\S]*Last report\s+\d\d:\d\d:\d\d UTC/);
    const mmsi = /MMSI (244\d{6})/.exec(first)![1];

    // The next round moves every vessel: the same one reports again, further along its circle.
    await page.mouse.move(5, 5);
    await fleet.publishRound(client, ROUND_MS);
    const api = signedIn(t.base, mintTestToken(t.system.tokensFile, 'viewer', 'check'));
    await eventually(
      async () =>
        (await api.getJson<{ tracks: { id: string; time: string }[] }>('/api/situation')).tracks.length >= VESSELS,
      30_000,
      'the server picture with every vessel',
    );
    const moved = await eventually(
      async () => {
        const again = await aVessel(page);
        if (!again) return null;
        await page.mouse.move(again.x, again.y);
        const text = await details.innerText({ timeout: 3_000 }).catch(() => '');
        return text && text !== first ? text : null;
      },
      30_000,
      'the vessel details after the next round',
    );
    expect(moved).toMatch(/MMSI 244\d{6}/);
    expect(mmsi).toMatch(/^244/);

    // The incident: its row opens the panel, the map frames its zones clear of the legend.
    await page.mouse.move(5, 5);
    const overview = await page.evaluate(
      (zoneIds) =>
        zoneIds.map((id) => {
          const z = document.querySelector(`path[data-zone-id="${id}"]`)!.getBoundingClientRect();
          return { left: z.left, right: z.right };
        }),
      [incident.zoneId, ...incident.affectedZones],
    );
    await page.locator(`[data-testid="incident-row"][data-incident-id="${incident.id}"]`).click();
    const panel = page.locator('[data-testid="incident-detail"]');
    await panel.waitFor();
    await page.waitForTimeout(500);
    const boxes = await page.evaluate(
      (zoneIds) => {
        const map = document.querySelector('[data-testid="site-map"]')!.getBoundingClientRect();
        const legend = document.querySelector('[data-testid="risk-legend"]')!.getBoundingClientRect();
        const zones = zoneIds.map((id) =>
          document.querySelector(`path[data-zone-id="${id}"]`)!.getBoundingClientRect(),
        );
        return {
          map,
          legend,
          zones: zones.map((z) => ({ left: z.left, top: z.top, right: z.right, bottom: z.bottom })),
        };
      },
      [incident.zoneId, ...incident.affectedZones],
    );
    for (const z of boxes.zones) {
      expect(z.left).toBeGreaterThanOrEqual(boxes.map.left - 1);
      expect(z.right).toBeLessThanOrEqual(boxes.map.right + 1);
      expect(z.top).toBeGreaterThanOrEqual(boxes.map.top - 1);
      expect(z.bottom).toBeLessThanOrEqual(boxes.map.bottom + 1);
      const l = boxes.legend;
      const covered = z.left < l.right && l.left < z.right && z.top < l.bottom && l.top < z.bottom;
      expect(covered).toBe(false);
    }
    // Framed, not left a speck: the zones are drawn larger than on the whole-port view.
    const width = (zs: { left: number; right: number }[]) =>
      Math.max(...zs.map((z) => z.right)) - Math.min(...zs.map((z) => z.left));
    expect(width(boxes.zones)).toBeGreaterThan(1.5 * width(overview));

    const evidence = panel.locator('[data-testid="evidence-item"]');
    await evidence.first().waitFor({ timeout: 10_000 });
    expect(await evidence.count()).toBe(Math.min(incident.indicatorIds.length, 50));
    const times = await evidence.locator('time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')!));
    expect([...times].sort()).toEqual(times);
    await evidence.first().locator('button').click();
    expect(await panel.locator('[data-testid="evidence-raw"] pre').innerText()).not.toBe('');
    await panel.locator('[data-testid="incident-evidence"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(looks, 'incident-evidence.png') });
    await page.close();
  }, 240_000);

  it('replays the port before the incident for an analyst, plays it in at 60×, and leaves a live operator alone', async () => {
    const raised = Date.parse(incident.firstSeen);
    const before = new Date(raised - 60_000).toISOString();
    const operator = await openAs('operator', 'live-desk');
    const analyst = await openAs('analyst', 'review-desk', `#/map?at=${before}`);

    const row = (page: Page) => page.locator(`[data-testid="incident-row"][data-incident-id="${incident.id}"]`);
    await analyst.locator('[data-testid="replay-banner"]').waitFor({ timeout: 10_000 });
    await analyst.locator('[data-testid="replay-mode"]', { hasText: 'REPLAY' }).waitFor();
    expect(await analyst.locator('[data-testid="replay-cursor"]').getAttribute('datetime')).toBe(before);
    // The queue as it was: the incident not yet raised. The operator's queue has it, live.
    await eventually(async () => (await row(analyst).count()) === 0, 10_000, 'the replayed queue without the incident');
    await row(operator).waitFor({ timeout: 10_000 });
    await analyst.screenshot({ path: join(looks, 'replay-bar.png') });

    await analyst.locator('[data-testid="replay-speed-60"]').click();
    await analyst.locator('[data-testid="replay-play"]').click();
    await row(analyst).waitFor({ timeout: 20_000 });
    const cursorAt = Date.parse((await analyst.locator('[data-testid="replay-cursor"]').getAttribute('datetime'))!);
    expect(cursorAt).toBeGreaterThanOrEqual(raised);
    expect(cursorAt).toBeLessThan(raised + 60_000);
    await analyst.screenshot({ path: join(looks, 'replay-incident-appeared.png') });

    // The operator never saw any of it.
    expect(await operator.locator('[data-testid="replay-banner"]').count()).toBe(0);
    expect(await operator.locator('[data-testid="replay-mode"]').innerText()).toBe('LIVE');
    expect(await row(operator).count()).toBe(1);

    await analyst.locator('[data-testid="replay-live"]').click();
    await analyst.locator('[data-testid="replay-banner"]').waitFor({ state: 'detached' });
    expect(new URL(analyst.url()).hash).toBe('#/map');
    await row(analyst).waitFor();
    await operator.close();
    await analyst.close();
  }, 120_000);
});
