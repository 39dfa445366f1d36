// The embedded default restarted half-way through a correlation window: the window is rebuilt
// from the store, so the incident is raised once — as in a run without the restart — and an
// incident an operator resolved before the restart stays resolved. Also an incident kept open
// by activity for longer than the rebuild window: it goes on under its id after the restart.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Incident } from '@portwatch/schema';
import { mintTestToken, signedIn } from '@portwatch/api/testing';
import { encodeOnvifAccess } from '../../simulators/src/encoders/onvif.ts';
import { startTestSystem, eventually, type TestSystem } from '../support/system.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'portwatch-restart-'));
const longDataDir = mkdtempSync(join(tmpdir(), 'portwatch-restart-long-'));
let t: TestSystem | undefined;
afterAll(async () => {
  await t?.system.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(longDataDir, { recursive: true, force: true });
});

async function swipe(url: string, reader: string, badge: string, at: number) {
  const c = await mqtt.connectAsync(url, { clientId: `restart-test-${process.pid}-${Date.now()}` });
  await c.publishAsync(
    `valencia/access/${reader}`,
    encodeOnvifAccess({ time: new Date(at), accessPoint: reader, badge, granted: true }),
    { qos: 1 },
  );
  await c.endAsync();
}

describe('embedded restart in the middle of a window', () => {
  it('raises the cloned-badge incident once, from a swipe before the restart and one after', async () => {
    const t0 = Date.now() - 60_000;
    t = await startTestSystem({ dataDir });
    const token = mintTestToken(t.system.tokensFile, 'operator', 'restart-op');
    await swipe(t.system.mqttUrl, 'AP-GN-01', 'BADGE-RESTART-1', t0);
    await eventually(async () => (await t!.system.store!.countIndicators()) === 1, 20_000, 'the first swipe stored');
    await t.system.stop();

    t = await startTestSystem({ dataDir });
    await swipe(t.system.mqttUrl, 'AP-CT-01', 'BADGE-RESTART-1', t0 + 20_000);
    const client = signedIn(t.base, token);
    const cloned = await eventually(
      async () => {
        const list = await client.getJson<Incident[]>('/api/incidents?status=all');
        const found = list.filter((i) => i.ruleId === 'cloned-badge');
        return found.length ? found : null;
      },
      20_000,
      'the cloned-badge incident',
    );
    expect(cloned).toHaveLength(1);
    expect(cloned[0].affectedZones).toEqual(['cruise-terminal', 'gate-north']);
    expect(cloned[0].indicatorIds).toHaveLength(2);

    // Resolved, then restarted again: the rebuilt window raises the same id, which stays resolved.
    const res = await client.postJson(`/api/incidents/${cloned[0].id}/actions`, {
      action: 'resolve',
      reason: 'handled',
    });
    expect(res.status).toBe(200);
    await t.system.stop();
    t = await startTestSystem({ dataDir });
    await swipe(t.system.mqttUrl, 'AP-GN-02', 'BADGE-RESTART-1', t0 + 40_000);
    await new Promise((r) => setTimeout(r, 2000));
    const after = (await signedIn(t.base, token).getJson<Incident[]>('/api/incidents?status=all')).filter(
      (i) => i.ruleId === 'cloned-badge',
    );
    expect(after.map((i) => [i.id, i.status])).toEqual([[cloned[0].id, 'resolved']]);
  });
});

describe('embedded restart with an incident open for longer than the rebuild window', () => {
  it('goes on with the incident under its id, and keeps it quiet once resolved', async () => {
    const MIN = 60_000;
    // Valencia's shortest allowed window (its one-hour maritime rules plus 5 min lateness).
    const config = { dataDir: longDataDir, rebuildWindowMs: 65 * MIN };
    const badge = 'BADGE-RESTART-LONG';
    t = await startTestSystem(config);
    const token = mintTestToken(t.system.tokensFile, 'operator', 'restart-long-op');
    const cloned = async () =>
      (await signedIn(t!.base, token).getJson<Incident[]>('/api/incidents?status=all')).filter(
        (i) => i.ruleId === 'cloned-badge',
      );
    /** The badge at the north gate, then a minute later at the cruise terminal: cloned-badge fires, or its open incident grows. */
    const pair = async (at: number) => {
      await swipe(t!.system.mqttUrl, 'AP-GN-01', badge, at);
      await swipe(t!.system.mqttUrl, 'AP-CT-01', badge, at + MIN);
    };
    const holds = (n: number) =>
      eventually(
        async () => new Set((await cloned()).flatMap((i) => i.indicatorIds)).size >= n,
        20_000,
        `${n} swipes correlated`,
      );

    // Every 20 min for 80 min, each within the rule's 30 min suppression of the last: one
    // incident, raised 100 min ago, still open at the restart.
    const t0 = Date.now() - 100 * MIN;
    for (let k = 0; k < 5; k++) {
      await pair(t0 + k * 20 * MIN);
      await holds(2 * (k + 1));
    }
    const [open] = await cloned();
    await t.system.stop();

    // The restart re-reads 65 min: the pairs since 40 min, whose first would start a new incident.
    t = await startTestSystem(config);
    await pair(t0 + 99 * MIN);
    await holds(12);
    expect((await cloned()).map((i) => [i.id, i.indicatorIds.length])).toEqual([[open.id, 12]]);

    // Resolved, restarted again, the badge seen again within the re-arm: still one incident, resolved.
    const res = await signedIn(t.base, token).postJson(`/api/incidents/${open.id}/actions`, {
      action: 'resolve',
      reason: 'handled',
    });
    expect(res.status).toBe(200);
    await t.system.stop();
    t = await startTestSystem(config);
    await pair(t0 + 100 * MIN);
    await new Promise((r) => setTimeout(r, 2000));
    expect((await cloned()).map((i) => [i.id, i.status, i.indicatorIds.length])).toEqual([[open.id, 'resolved', 12]]);
  });
});
