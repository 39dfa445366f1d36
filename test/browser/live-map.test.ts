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
    // The background traffic's vessels and the drone, as markers on the plan (not the legend's).
    const vessel = page.locator('.leaflet-marker-pane .pw-track--vessel');
    const drone = page.locator('.leaflet-marker-pane .pw-track--drone');
    await vessel.first().waitFor({ timeout: 30_000 });
    await drone.first().waitFor({ timeout: 30_000 });
    // The scenario's cyber-physical cascade is critical: the alarm bar comes (and moves the
    // map down) before anything on the map is hovered.
    expect(await page.locator('[data-testid="alarm-ringing"]').innerText({ timeout: 30_000 })).toMatch(
      /CRITICAL( incidents)? — not acknowledged/,
    );
    await page.screenshot({ path: join(looks, 'alarm-bar.png') });
    // With the bar the map is shorter, and the open legend (bottom left) covers the CSP yard
    // where the drone hovers: fold it, as an operator would.
    await page.locator('[data-testid="risk-legend"] summary').click();
    await drone.first().hover({ force: true });
    await page.locator('.leaflet-tooltip', { hasText: /Drone / }).waitFor({ timeout: 5_000 });
    await page.screenshot({ path: join(shots, 'live-map-tracks.png') });
    const before = await vessel.count();

    // Server-side state: a reload draws them again from the last half hour, before any push.
    await page.reload();
    await drone.first().waitFor({ timeout: 20_000 });
    expect(await vessel.count()).toBeGreaterThanOrEqual(Math.min(before, 1));
    await page.close();
  });
});
