// A frozen server must not look alive: the live socket stays open while the server's event
// loop is blocked, but its heartbeats stop, and the header says "Reconnecting" within 5 s.
// When the server comes back, the link is opened afresh and says "Connected" again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { mintTestToken } from '@portwatch/api/testing';
import { startTestSystem, type TestSystem } from '../support/system.ts';
import { launchBrowser } from '../support/browser.ts';

let t: TestSystem;
let browser: Browser;

beforeAll(async () => {
  t = await startTestSystem();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('live link heartbeat', () => {
  it('says Reconnecting within 5 s of a frozen server, and Connected once it answers again', async () => {
    const token = mintTestToken(t.system.tokensFile, 'viewer', 'heartbeat-watch');
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${t.base}/#/login?token=${token}`);
    const state = page.locator('[data-testid="connection-state"]');
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: 20_000 });
    // The page notes when the header first says reconnecting: this process is frozen meanwhile.
    await page.evaluate(() => {
      const w = window as unknown as { reconnectingAt?: number };
      const timer = setInterval(() => {
        const el = document.querySelector('[data-testid="connection-state"]');
        if (el?.getAttribute('data-state') === 'reconnecting') {
          w.reconnectingAt = Date.now();
          clearInterval(timer);
        }
      }, 20);
    });
    const frozenAt = Date.now();
    // Blocks this thread, and with it the embedded server, without closing any socket.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 7000);
    const reconnectingAt = await page.evaluate(() => (window as unknown as { reconnectingAt?: number }).reconnectingAt);
    expect(reconnectingAt).toBeDefined();
    // Silence is counted from the last message, which came at or before the freeze.
    expect(reconnectingAt! - frozenAt).toBeLessThanOrEqual(5000 + 250);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: 20_000 });
    expect(await state.innerText()).toBe('Connected');
    await page.close();
  });
});
