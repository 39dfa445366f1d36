// An analyst runs a hybrid scenario (MQTT sensors and Kafka-borne IDS alerts) as an exercise
// from the browser on the embedded default: the EXERCISE banner shows, its incidents sit in
// the Exercise queue, an operator acknowledges and resolves one exactly as a live incident,
// the exercise finishes with every expected incident found and its times, and the review
// shows the timeline and downloads as Markdown — while the live queue, live counts and live
// zone risk stay as they were throughout.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Exercise, Incident, ZoneStateView } from '@portwatch/schema';
import { loadSiteBundle } from '@portwatch/system';
import { mintTestToken, signedIn, type SignedInClient } from '@portwatch/api/testing';
import { RecordPublisher, buildScenario, findScenario, Rng } from '@portwatch/simulators';
import { startTestSystem, eventually, type TestSystem } from '../support/system.ts';
import { launchBrowser } from '../support/browser.ts';

let t: TestSystem;
let browser: Browser;
let viewer: SignedInClient;
/** Screenshots to look at; outside the repository. */
const looks = join(tmpdir(), 'portwatch-screenshots');

beforeAll(async () => {
  mkdirSync(looks, { recursive: true });
  t = await startTestSystem();
  browser = await launchBrowser();
  viewer = signedIn(t.base, mintTestToken(t.system.tokensFile, 'viewer', 'wall-screen'));
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function signIn(page: Page, token: string) {
  await page.goto(t.base);
  await page.waitForSelector('[data-testid="sign-in"]', { timeout: 20_000 });
  await page.fill('[data-testid="token-input"]', token);
  await page.click('[data-testid="sign-in-button"]');
  await page.waitForSelector('[data-testid="signed-in-as"]', { timeout: 20_000 });
}

/**
 * What "live" looks like to anyone: the live queue, each live zone's open incidents and risk.
 * Risk decays with time, so "unchanged" means it never rose.
 */
async function livePicture() {
  const incidents = await viewer.getJson<Incident[]>('/api/incidents?mode=live&status=all');
  const zones = await viewer.getJson<ZoneStateView[]>('/api/zones');
  return {
    incidents: incidents.map((i) => `${i.id}:${i.status}`).sort(),
    open: zones.map((z) => `${z.zoneId}:${z.openIncidents}`).sort(),
    risk: new Map(zones.map((z) => [z.zoneId, z.risk])),
  };
}

async function expectLiveUnchanged(before: Awaited<ReturnType<typeof livePicture>>) {
  const after = await livePicture();
  expect(after.incidents).toEqual(before.incidents);
  expect(after.open).toEqual(before.open);
  for (const [zone, risk] of after.risk)
    expect(risk, `live risk of ${zone}`).toBeLessThanOrEqual(before.risk.get(zone) ?? 0);
}

describe('an exercise from the browser (embedded default)', () => {
  it('analyst starts a hybrid scenario, operator works its incident, the review exports Markdown; live untouched', async () => {
    // Some live traffic first: a live incident in the queue, and live zone risk.
    const bundle = await loadSiteBundle('valencia');
    const s = findScenario('drone-cctv-attack')!;
    const pub = new RecordPublisher(t.system.mqttUrl, t.system.bus, `browser-exercise-live-${process.pid}`);
    await pub.connect();
    await pub.publish(buildScenario(s, bundle.site, bundle.feeds, new Rng(5), Date.now() - 15 * 60_000));
    await pub.close();
    await eventually(
      async () => (await viewer.getJson<Incident[]>('/api/incidents?mode=live')).length >= 2,
      30_000,
      'the live incidents',
    );
    await new Promise((r) => setTimeout(r, 1500));
    const before = await livePicture();

    const analyst = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(analyst, mintTestToken(t.system.tokensFile, 'analyst', 'drill-lead'));
    const openCount = async (page: Page) => page.locator('[data-testid="queue-tab-open"]').innerText();
    const liveOpenBefore = await openCount(analyst);
    expect(liveOpenBefore).toMatch(/^\d+ open$/);

    await analyst.click('[data-testid="tab-exercises"]');
    await analyst.waitForSelector('[data-testid="exercise-scenario"] option[value="gate-hybrid-intrusion"]', {
      state: 'attached',
    });
    expect(await analyst.locator('[data-testid="exercise-scenario"]').innerText()).toMatch(/hybrid: MQTT \+ Kafka/);
    await analyst.selectOption('[data-testid="exercise-scenario"]', 'gate-hybrid-intrusion');
    await analyst.selectOption('[data-testid="exercise-speed"]', 'max');
    await analyst.click('[data-testid="exercise-start"]');
    await analyst.waitForSelector('[data-testid="exercise-detail"]', { timeout: 20_000 });
    const id = decodeURIComponent(new URL(analyst.url()).hash.split('/')[2]);
    await analyst.waitForSelector('[data-testid="exercise-banner"]', { timeout: 20_000 });
    await analyst.waitForSelector('[data-testid="exercise-detail"][data-status="finished"]', { timeout: 60_000 });
    expect(await analyst.locator('[data-testid="exercise-found"]').innerText()).toBe('3 of 3 expected incidents found');
    expect(await analyst.locator('[data-testid="timeline-inject"]').count()).toBe(4);

    await expectLiveUnchanged(before);

    // The exercise queue, on the live screen: its own tab, the live count unchanged.
    await analyst.click('[data-testid="tab-map"]');
    await analyst.waitForSelector('[data-testid="queue-tab-exercise"]', { timeout: 20_000 });
    expect(await analyst.locator('[data-testid="exercise-banner"]').isVisible()).toBe(true);
    expect(await openCount(analyst)).toBe(liveOpenBefore);
    await analyst.click('[data-testid="queue-tab-exercise"]');
    expect(await analyst.locator('[data-testid="queue-tab-exercise"]').innerText()).toBe('3 exercise');
    await analyst.screenshot({ path: join(looks, 'exercise-queue.png') });
    // Every zone is raised now: each label that needs attention is shown, none covers another.
    const labels = await analyst.$$eval('.pw-zone-label', (tips) =>
      tips.map((t) => {
        const r = t.getBoundingClientRect();
        const calm = t.classList.contains('pw-zone-label--calm');
        return { text: t.textContent ?? '', calm, shown: getComputedStyle(t).visibility !== 'hidden', r };
      }),
    );
    expect(labels.filter((l) => !l.calm && !l.shown).map((l) => l.text)).toEqual([]);
    const shown = labels.filter((l) => l.shown);
    const covering = shown.flatMap((a, i) =>
      shown
        .slice(i + 1)
        .filter((b) => a.r.left < b.r.right && b.r.left < a.r.right && a.r.top < b.r.bottom && b.r.top < a.r.bottom)
        .map((b) => `${a.text} / ${b.text}`),
    );
    expect(covering).toEqual([]);

    // The operator works one of its incidents as a live one.
    const operator = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(operator, mintTestToken(t.system.tokensFile, 'operator', 'night-op'));
    await operator.waitForSelector('[data-testid="queue-tab-exercise"]', { timeout: 20_000 });
    await operator.click('[data-testid="queue-tab-exercise"]');
    const row = operator.locator('[data-testid="incident-row"]').first();
    const incidentId = await row.getAttribute('data-incident-id');
    await row.click();
    await operator.click('[data-testid="action-acknowledge"]');
    await operator.waitForSelector('[data-testid="action-resolve"]:not([disabled])');
    await operator.click('[data-testid="action-resolve"]');
    await operator.click('[data-testid="resolve-reason-handled"]');
    await operator.fill('[data-testid="resolve-details"]', 'drill: gate closed, intruder stopped');
    await operator.click('[data-testid="resolve-submit"]');
    await eventually(
      async () => (await viewer.getJson<Incident>(`/api/incidents/${incidentId}`)).status === 'resolved',
      20_000,
      'the resolve',
    );

    // The exercise's outcome: every expected incident found, with its times.
    const ex = await signedIn(t.base, mintTestToken(t.system.tokensFile, 'analyst', 'api-check')).getJson<Exercise>(
      `/api/exercises/${id}`,
    );
    expect(ex.status).toBe('finished');
    expect(ex.expected.every((e) => e.found && e.detectedAfterS !== undefined)).toBe(true);
    const worked = ex.expected.find((e) => e.incidentId === incidentId)!;
    expect(worked.acknowledgedAfterS).toBeGreaterThanOrEqual(0);
    expect(worked.resolvedAfterS).toBeGreaterThanOrEqual(worked.acknowledgedAfterS!);

    await analyst.goto(`${t.base}/#/exercises/${id}`);
    await analyst.waitForSelector('[data-testid="exercise-detail"]', { timeout: 20_000 });
    await analyst.waitForFunction(
      () =>
        document.querySelector('[data-testid="exercise-expected"]')?.textContent?.includes('min') ||
        [...document.querySelectorAll('[data-testid="exercise-expected"] tbody tr')].some((r) =>
          /\d s\s*\(within/.test(r.children[4]?.textContent ?? ''),
        ),
      undefined,
      { timeout: 10_000 },
    );
    await analyst.screenshot({ path: join(looks, 'exercise-page.png'), fullPage: true });

    // The review: the timeline, and the Markdown download.
    await analyst.click('[data-testid="exercise-review-link"]');
    await analyst.waitForSelector('[data-testid="review-timeline"] tbody tr', { timeout: 20_000 });
    const kinds = await analyst.locator('[data-testid="review-timeline"] tbody tr td:nth-child(2)').allInnerTexts();
    expect(new Set(kinds)).toEqual(new Set(['inject', 'rule', 'action']));
    await analyst.fill('[data-testid="review-lessons"]', 'Gate OT write seen in 0 s; acknowledge faster.');
    await analyst.click('[data-testid="review-lessons-save"]');
    await analyst.waitForSelector('[data-testid="review-lessons-save"][disabled]');
    const [download] = await Promise.all([
      analyst.waitForEvent('download'),
      analyst.click('[data-testid="review-download"]'),
    ]);
    const md = readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toBe(`${id}.review.md`);
    expect(md).toMatch(/^# After-action report: /);
    expect(md).toContain('Gate OT write seen in 0 s; acknowledge faster.');
    await analyst.screenshot({ path: join(looks, 'exercise-review.png'), fullPage: true });
    await analyst.emulateMedia({ media: 'print' });
    await analyst.screenshot({ path: join(looks, 'exercise-review-print.png'), fullPage: true });
    await analyst.emulateMedia({ media: 'screen' });

    // Live, throughout: the same incidents in the same states, the same zone risk, the same count.
    await expectLiveUnchanged(before);
    await analyst.goto(`${t.base}/#/`);
    await analyst.waitForSelector('[data-testid="queue-tab-open"]');
    expect(await openCount(analyst)).toBe(liveOpenBefore);
  });
});
