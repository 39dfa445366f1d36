// The other sample sites on the embedded default: every scenario each site lists, run as an
// exercise at max speed, finds all its expected incidents (Valencia: embedded-exercise.test.ts).
import { describe, it, expect, afterEach } from 'vitest';
import type { Exercise, ScenarioSummary } from '@portwatch/schema';
import { mintTestToken, signedIn } from '@portwatch/api/testing';
import { startTestSystem, eventually, type TestSystem } from '../support/system.ts';

let t: TestSystem | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

describe.each(['piraeus', 'zagreb-airport'])('exercises on %s (embedded default)', (siteId) => {
  it('every scenario of the site finds all its expected incidents at max speed', async () => {
    t = await startTestSystem({ siteId });
    const analyst = signedIn(t.base, mintTestToken(t.system.tokensFile, 'analyst', 'drill-lead'));
    const scenarios = await analyst.getJson<ScenarioSummary[]>('/api/exercises/scenarios');
    expect(scenarios.length).toBeGreaterThan(0);
    for (const s of scenarios) {
      const res = await analyst.postJson<{ id: string; error?: string }>('/api/exercises', {
        scenario: s.id,
        speed: 'max',
      });
      expect(res.status, res.body.error).toBe(201);
      const ex = await eventually(
        async () => {
          const e = await analyst.getJson<Exercise>(`/api/exercises/${res.body.id}`);
          return e.status !== 'running' && e;
        },
        90_000,
        `${s.id} to finish`,
      );
      expect(
        ex.expected.filter((e) => !e.found).map((e) => `${e.ruleId} in ${e.zoneId}`),
        `${s.id} on ${siteId} missed`,
      ).toEqual([]);
    }
  });
});
