// A real browser signs in with an access token and opens the live map: the site plan's
// zones are drawn without any tile server, the incident list shows the scenario's incident,
// a reload keeps both the sign-in and the picture, and a revoked token brings the sign-in
// screen back with the reason.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { Incident } from '@portwatch/schema';
import { loadSiteBundle } from '@portwatch/system';
import { mintTestToken, signedIn } from '@portwatch/api/testing';
import { RecordPublisher, buildScenario, findScenario, Rng } from '@portwatch/simulators';
import { startTestSystem, eventually, ROOT, type TestSystem } from '../support/system.ts';
import { launchBrowser } from '../support/browser.ts';
import type { Page } from 'playwright-core';

let t: TestSystem;
let browser: Browser;
const shots = join(ROOT, 'test-results');
/** Screenshots of the sign-in screen and header, to look at; outside the repository. */
const looks = join(tmpdir(), 'portwatch-screenshots');

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  mkdirSync(looks, { recursive: true });
  t = await startTestSystem({ simulate: true, firstScenarioAfterMs: 3_600_000 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/**
 * What the track canvas shows: how many pixels are painted in the vessel colour, and the page
 * position of the middle of a drone (the colours of web/src/map/track-look.ts).
 */
async function trackPixels(page: Page): Promise<{ vesselPixels: number; drone: { x: number; y: number } | null }> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="track-canvas"]');
    if (!canvas || !canvas.width) return { vesselPixels: 0, drone: null };
    const { data, width, height } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    const near = (i: number, [r, g, b]: number[]) =>
      data[i + 3] > 200 && Math.abs(data[i] - r) < 6 && Math.abs(data[i + 1] - g) < 6 && Math.abs(data[i + 2] - b) < 6;
    let vesselPixels = 0;
    let first: [number, number] | null = null;
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        if (near(i, [0x66, 0xd9, 0xe8])) vesselPixels++;
        else if (!first && near(i, [0xb1, 0x97, 0xfc])) first = [x, y];
      }
    if (!first) return { vesselPixels, drone: null };
    // The middle of that drone's diamond: the drone-coloured pixels around the first one found.
    let sx = 0;
    let sy = 0;
    let n = 0;
    for (let y = first[1]; y < Math.min(height, first[1] + 20); y++)
      for (let x = Math.max(0, first[0] - 12); x < Math.min(width, first[0] + 12); x++)
        if (near((y * width + x) * 4, [0xb1, 0x97, 0xfc])) [sx, sy, n] = [sx + x, sy + y, n + 1];
    const box = canvas.getBoundingClientRect();
    const scale = box.width / width;
    return { vesselPixels, drone: { x: box.left + (sx / n) * scale, y: box.top + (sy / n) * scale } };
  });
}

describe('live map in a browser', () => {
  it('signs in with a token, draws the zones offline and lists the incident, also after a reload', async () => {
    const token = mintTestToken(t.system.tokensFile, 'operator', 'soc-night');
    const bundle = await loadSiteBundle('valencia');
    const scenario = findScenario('gate-hybrid-intrusion')!;
    const publisher = new RecordPublisher(t.system.mqttUrl, t.system.bus);
    await publisher.connect();
    await publisher.publish(
      buildScenario(scenario, bundle.site, bundle.feeds, new Rng(3), Date.now() - scenario.durationMs),
    );
    await publisher.close();
    await eventually(
      async () => (await signedIn(t.base, token).getJson<unknown[]>('/api/incidents')).length > 0,
      30_000,
      'the incident in the store',
    );

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(t.base) && !r.url().startsWith('ws://127.0.0.1') && !r.url().startsWith('data:'))
        external.push(r.url());
    });
    await page.goto(t.base);
    await page.waitForSelector('[data-testid="sign-in"]', { timeout: 20_000 });
    expect(await page.locator('[data-testid="site-map"]').count()).toBe(0);
    await page.screenshot({ path: join(looks, 'sign-in.png') });

    await page.fill('[data-testid="token-input"]', token);
    await page.click('[data-testid="sign-in-button"]');
    await page.waitForSelector('[data-testid="site-map"] path.pw-zone', { timeout: 20_000 });
    expect(await page.locator('path.pw-zone').count()).toBeGreaterThanOrEqual(8);
    expect(await page.locator('[data-testid="signed-in-as"]').innerText()).toMatch(/soc-night\s+operator/i);
    const row = page.locator('[data-testid="incident-row"]').first();
    await row.waitFor({ timeout: 20_000 });
    expect(await row.innerText()).toMatch(/North gate|gate/i);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(shots, 'live-map.png') });
    await page.locator('header.header').screenshot({ path: join(looks, 'signed-in-header.png') });

    await page.reload();
    await page.locator('[data-testid="incident-row"]').first().waitFor({ timeout: 20_000 });
    expect(external).toEqual([]);

    // Revoking the token cuts the live link; the app notices and asks to sign in again, saying why.
    writeFileSync(t.system.tokensFile, readFileSync(t.system.tokensFile, 'utf8').replace(/^soc-night .*\n/m, ''));
    await page.waitForSelector('[data-testid="signed-out-reason"]', { timeout: 20_000 });
    expect(await page.locator('[data-testid="signed-out-reason"]').innerText()).toMatch(
      /no longer accepts your access token/,
    );
    await page.screenshot({ path: join(looks, 'signed-out.png') });
    await page.close();
  });

  it('lets an operator work the incident: acknowledge, tick an SOP step, resolve with a reason — and a reload shows how it ended', async () => {
    const token = mintTestToken(t.system.tokensFile, 'operator', 'duty-op');
    const api = signedIn(t.base, token);
    const bundle = await loadSiteBundle('valencia');
    const scenario = findScenario('gate-hybrid-intrusion')!;
    const publisher = new RecordPublisher(t.system.mqttUrl, t.system.bus);
    await publisher.connect();
    await publisher.publish(
      buildScenario(scenario, bundle.site, bundle.feeds, new Rng(9), Date.now() - scenario.durationMs),
    );
    await publisher.close();
    const incident = await eventually(
      async () =>
        (await api.getJson<Incident[]>('/api/incidents')).find(
          (i) => i.ruleId === 'hybrid-zone-activity' && i.zoneId === 'gate-north',
        ),
      30_000,
      'the open gate incident',
    );

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${t.base}/#/login?token=${token}`);
    const row = page.locator(`[data-testid="incident-row"][data-incident-id="${incident.id}"]`);
    await row.waitFor({ timeout: 20_000 });
    await row.click();
    const panel = page.locator('[data-testid="incident-detail"]');
    await panel.waitFor();
    const status = panel.locator('[data-testid="detail-status"]');
    expect(await panel.locator('[data-testid="detail-title"]').innerText()).toBe(incident.title);
    expect(await status.innerText()).toMatch(/New — not acknowledged|Acknowledged|In progress/);
    // The rule names the hybrid-intrusion SOP of dashboards/valencia/sops.yaml.
    expect(await panel.locator('[data-testid="sop-step"]').count()).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: join(looks, 'incident-panel.png') });

    if ((await status.innerText()).startsWith('New')) {
      await panel.locator('[data-testid="action-acknowledge"]').click();
      await panel.locator('[data-testid="detail-status"]', { hasText: 'Acknowledged' }).waitFor({ timeout: 10_000 });
    }
    await panel.locator('[data-testid="sop-tick-1"]').check();
    await panel
      .locator('[data-testid="sop-step"][data-step-id="1"] [data-testid="sop-done-by"]')
      .waitFor({ timeout: 10_000 });
    expect(await status.innerText()).toBe('In progress');
    await panel.locator('[data-testid="action-resolve"]').click();
    await panel.locator('[data-testid="resolve-reason-handled"]').click();
    await panel
      .locator('[data-testid="resolve-details"]')
      .fill('Patrol 2 found the gate shut; IT reset the barrier PLC.');
    await page.screenshot({ path: join(looks, 'incident-resolve-form.png') });
    await panel.locator('[data-testid="resolve-submit"]').click();
    await panel.locator('[data-testid="detail-status"]', { hasText: 'Resolved' }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(looks, 'incident-resolved.png') });

    // Server-side state: after a reload it is on the Resolved tab, with who did what and why.
    await page.reload();
    await page.locator('[data-testid="queue-tab-resolved"]').click();
    await page.locator(`[data-testid="incident-row"][data-incident-id="${incident.id}"]`).click();
    await panel.waitFor();
    expect(await status.innerText()).toBe('Resolved');
    const history = await panel.locator('[data-testid="history-line"]').allInnerTexts();
    expect(history.some((l) => /duty-op ticked an SOP step/.test(l))).toBe(true);
    expect(history.at(-1)).toMatch(
      /duty-op resolved it\s+Handled — Patrol 2 found the gate shut; IT reset the barrier PLC\./,
    );
    expect(
      await panel.locator('[data-testid="sop-step"][data-step-id="1"] [data-testid="sop-done-by"]').innerText(),
    ).toMatch(/duty-op/);
    expect(await panel.locator('[data-testid="detail-resolution"]').innerText()).toMatch(
      /Resolved by duty-op.*\n?.*Handled — Patrol 2 found the gate shut/,
    );
    await page.screenshot({ path: join(looks, 'incident-after-reload.png') });
    await panel.locator('[data-testid="incident-history"]').scrollIntoViewIfNeeded();
    await panel.screenshot({ path: join(looks, 'incident-history.png') });
    await page.close();
  });

  it('signs in from the link npm start prints, and takes the token out of the address bar', async () => {
    const first = t.system.firstStartToken!;
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${t.base}/#/login?token=${first.token}`);
    await page.waitForSelector('[data-testid="signed-in-as"]', { timeout: 20_000 });
    expect(await page.locator('[data-testid="signed-in-role"]').innerText()).toMatch(/admin/i);
    expect(page.url()).not.toContain(first.token);
    await page.click('[data-testid="sign-out"]');
    await page.waitForSelector('[data-testid="sign-in"]');
    await page.reload();
    await page.waitForSelector('[data-testid="sign-in"]');
    await page.close();
  });

  it("draws vessels from the AIS traffic and the scenario's drone, and keeps them after a reload", async () => {
    const token = mintTestToken(t.system.tokensFile, 'viewer', 'bridge-watch');
    const bundle = await loadSiteBundle('valencia');
    const scenario = findScenario('drone-cctv-attack')!;
    const publisher = new RecordPublisher(t.system.mqttUrl, t.system.bus);
    await publisher.connect();
    await publisher.publish(
      buildScenario(scenario, bundle.site, bundle.feeds, new Rng(5), Date.now() - scenario.durationMs),
    );
    await publisher.close();

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${t.base}/#/login?token=${token}`);
    // The background traffic's vessels and the drone, painted on the track layer's canvas
    // (not the legend's): found by their colours, as an eye would.
    await eventually(
      async () => {
        const seen = await trackPixels(page);
        return seen.vesselPixels > 0 && seen.drone ? seen : undefined;
      },
      30_000,
      'vessels and a drone drawn on the map',
    );
    // The scenario's cyber-physical cascade is critical: the alarm bar comes (and moves the
    // map down) before anything on the map is hovered.
    expect(await page.locator('[data-testid="alarm-ringing"]').innerText({ timeout: 30_000 })).toMatch(
      /CRITICAL( incidents)? — not acknowledged/,
    );
    await page.screenshot({ path: join(looks, 'alarm-bar.png') });
    // On a screen 900 px high the legend starts folded, so it does not cover the CSP yard where
    // the drone hovers.
    expect(await page.locator('[data-testid="risk-legend"]').getAttribute('open')).toBeNull();
    const { drone } = await trackPixels(page);
    await page.mouse.move(drone!.x, drone!.y);
    const details = page.locator('.leaflet-tooltip [data-testid="track-details"]', { hasText: /Drone / });
    await details.waitFor({ timeout: 5_000 });
    expect(await details.innerText()).toMatch(/UAS id\s+\S+[\s\S]*Last report\s+\d\d:\d\d:\d\d UTC/);
    await page.screenshot({ path: join(shots, 'live-map-tracks.png') });
    // A click keeps the details; Escape lets go.
    await page.mouse.click(drone!.x, drone!.y);
    await page.mouse.move(5, 5);
    await details.waitFor({ timeout: 5_000 });
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached', timeout: 5_000 });
    const before = (await trackPixels(page)).vesselPixels;

    // Server-side state: a reload draws them again from the last half hour, before any push.
    await page.reload();
    const after = await eventually(
      async () => {
        const seen = await trackPixels(page);
        return seen.drone ? seen : undefined;
      },
      20_000,
      'the drone drawn again after a reload',
    );
    expect(after.vesselPixels).toBeGreaterThanOrEqual(Math.min(before, 1));
    await page.close();
  });
});
