// The built app works under its own Content-Security-Policy: a real browser loads it, signs
// in, draws the site map, opens the live socket and charts, and reports no CSP violation.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { mintTestToken } from '@portwatch/api/testing';
import { startTestSystem, type TestSystem } from '../support/system.ts';
import { launchBrowser } from '../support/browser.ts';

let t: TestSystem;
let browser: Browser;
const looks = join(tmpdir(), 'portwatch-screenshots');

beforeAll(async () => {
  mkdirSync(looks, { recursive: true });
  t = await startTestSystem({ simulate: true, firstScenarioAfterMs: 3_600_000 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('the web app under its Content-Security-Policy', () => {
  it('signs in, draws the map and goes live with no violation reported', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`Refused to load (CSP ${e.violatedDirective}): ${e.blockedURI}`),
      );
    });
    const res = await page.goto(t.base);
    expect(res?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await page.waitForSelector('[data-testid="sign-in"]', { timeout: 20_000 });
    await page.fill('[data-testid="token-input"]', mintTestToken(t.system.tokensFile, 'operator', 'csp-check'));
    await page.click('[data-testid="sign-in-button"]');
    await page.waitForSelector('path.pw-zone', { timeout: 20_000 });
    expect(await page.locator('path.pw-zone').count()).toBeGreaterThanOrEqual(8);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(2000);
    await page.screenshot({ path: join(looks, 'under-csp.png') });
    expect(violations).toEqual([]);
    await page.close();
  }, 120_000);
});
