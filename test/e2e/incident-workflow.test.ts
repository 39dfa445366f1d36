// Working an incident on the embedded system: correlation raises it with its SOP checklist,
// an operator acknowledges, ticks a step and resolves it, every change reaches a viewer's
// live socket, and the resolve re-arms the rule: the same drone seen again within the rule's
// re-arm period raises nothing, while another drone still does.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TOPICS, indicatorMessage, type Incident, type Indicator } from '@portwatch/schema';
import { mintTestToken, signedIn, type SignedInClient } from '@portwatch/api/testing';
import { startTestSystem, eventually, type TestSystem } from '../support/system.ts';
import { droneIndicator } from '../support/indicators.ts';

let t: TestSystem;
let viewer: SignedInClient;
let operator: SignedInClient;
const MIN = 60_000;

beforeAll(async () => {
  t = await startTestSystem();
  viewer = signedIn(t.base, mintTestToken(t.system.tokensFile, 'viewer', 'wall-screen'));
  operator = signedIn(t.base, mintTestToken(t.system.tokensFile, 'operator', 'night-op'));
});
afterAll(async () => t?.stop());

let n = 0;
/** A Remote ID report over the cruise terminal, as ingest publishes it. */
function drone(uasId: string, timeMs: number): Indicator {
  const ind = droneIndicator(`test-rid-${process.pid}-${++n}`, uasId, timeMs);
  return { ...ind, location: { lat: 39.4446, lon: -0.3168 } };
}

const publish = (list: Indicator[]) => t.system.bus.publish(TOPICS.indicators, list.map(indicatorMessage));
/** Every incident these tests' drones raised, open or not. */
const droneIncidents = async () =>
  (await viewer.getJson<Incident[]>('/api/incidents?status=all')).filter((i) =>
    i.indicatorIds.some((id) => id.startsWith('test-rid-')),
  );

describe('working an incident (embedded system)', () => {
  it('acknowledge, SOP step, resolve: stored, pushed live, and the rule re-arms', async () => {
    const live = await viewer.liveSocket();
    const now = Date.now();
    const first = drone('1581F5FJD228400A', now - 50 * MIN);
    await publish([first]);
    const raised = await eventually(
      async () => (await viewer.getJson<Incident[]>('/api/incidents')).find((i) => i.indicatorIds.includes(first.id)),
      20_000,
      'the drone incident',
    );
    expect(raised).toMatchObject({ status: 'new', ruleId: 'drone-over-restricted-area', zoneId: 'cruise-terminal' });
    // The rule names the drone-incursion SOP of dashboards/valencia/sops.yaml.
    expect(raised.sop!.length).toBeGreaterThanOrEqual(3);
    expect(raised.sop![0]).toMatchObject({ id: '1', done: false, text: expect.stringMatching(/camera/) });

    const path = `/api/incidents/${raised.id}/actions`;
    expect((await operator.postJson(path, { action: 'acknowledge' })).status).toBe(200);
    expect((await operator.postJson(path, { action: 'sop_step', step: '1', done: true })).status).toBe(200);
    const resolved = await operator.postJson<{ incident: Incident }>(path, {
      action: 'resolve',
      reason: 'False alarm: the port authority survey drone',
    });
    expect(resolved.status).toBe(200);

    const stored = await viewer.getJson<Incident>(`/api/incidents/${raised.id}`);
    expect(stored.status).toBe('resolved');
    expect(stored.sop![0]).toMatchObject({ done: true, doneBy: 'night-op' });
    expect(stored.history.map((h) => [h.action, h.by])).toEqual([
      ['raised', 'rule:drone-over-restricted-area'],
      ['acknowledge', 'night-op'],
      ['sop_step', 'night-op'],
      ['resolve', 'night-op'],
    ]);
    const pushed = (s: string) => live.waitForItem('incident', (i) => i.id === raised.id && i.status === s, 5_000);
    await pushed('acknowledged');
    await pushed('in_progress');
    await pushed('resolved');

    // The same drone 48 minutes after the first report: past the rule's 30-minute suppression,
    // so without the re-arm it would raise a new incident; within the 10-minute re-arm it raises nothing.
    const again = drone('1581F5FJD228400A', now - 2 * MIN);
    const other = drone('1581F5FJD2284OTHER', now - MIN);
    await publish([again, other]);
    // Indicators of one zone are handled in order: once the other drone's incident is there,
    // the first drone's report has been through correlation too.
    await eventually(
      async () => (await droneIncidents()).find((i) => i.indicatorIds.includes(other.id)),
      20_000,
      "the other drone's incident",
    );
    const all = await droneIncidents();
    expect(all.filter((i) => i.indicatorIds.includes(again.id))).toEqual([]);
    expect(all.map((i) => i.id).sort()).toEqual(
      [raised.id, all.find((i) => i.indicatorIds.includes(other.id))!.id].sort(),
    );
    expect((await viewer.getJson<Incident>(`/api/incidents/${raised.id}`)).status).toBe('resolved');
    live.close();
  });

  it('refuses a viewer with 403 and writes the refusal to the audit trail', async () => {
    const [inc] = await droneIncidents();
    const res = await viewer.postJson<{ error: string }>(`/api/incidents/${inc.id}/actions`, {
      action: 'reopen',
      reason: 'x',
    });
    expect(res.status).toBe(403);
    const admin = signedIn(t.base, mintTestToken(t.system.tokensFile, 'admin', 'auditor'));
    const audit =
      await admin.getJson<{ actor: string; action: string; target: string; status: number }[]>('/api/audit?limit=20');
    expect(audit.find((a) => a.actor === 'wall-screen' && a.status === 403)).toMatchObject({ action: 'access.denied' });
    expect(audit.filter((a) => a.actor === 'night-op').map((a) => a.action)).toEqual([
      'incident.resolve',
      'incident.sop_step',
      'incident.acknowledge',
    ]);
  });
});
