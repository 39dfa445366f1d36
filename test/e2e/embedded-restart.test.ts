// The embedded default restarted half-way through a correlation window: the window is rebuilt
// from the store, so the incident is raised once — as in a run without the restart — and an
// incident an operator resolved before the restart stays resolved.
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
let t: TestSystem | undefined;
afterAll(async () => {
  await t?.system.stop();
  rmSync(dataDir, { recursive: true, force: true });
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
