// One situation, one case: a scenario that raises several incidents in a zone is one case there.
import { describe, it, expect } from 'vitest';
import { loadSiteBundle, replayCapture } from '@portwatch/system';
import { DEFAULT_START, scenarioCapture } from '@portwatch/simulators';
import type { Incident } from '@portwatch/schema';

async function run(siteId: string, scenario: string): Promise<Incident[]> {
  const b = await loadSiteBundle(siteId);
  const lines = scenarioCapture(b, scenario, 3, DEFAULT_START, true).map((r) => JSON.stringify(r));
  return (await replayCapture(lines, b, { speed: Infinity, updates: true })).incidents;
}

function casesByZone(incidents: Incident[]): Record<string, Set<string>> {
  const out: Record<string, Set<string>> = {};
  for (const i of incidents) (out[i.zoneId] ??= new Set()).add(i.caseId ?? 'none');
  return out;
}

describe('cases from scenarios', () => {
  it('NotPetya: the hybrid and the cascade incident of a zone are one case, one per zone', async () => {
    const incidents = await run('valencia', 'notpetya-cascade');
    const byZone = casesByZone(incidents.filter((i) => i.severity >= 4));
    const zones = Object.keys(byZone);
    expect(zones.length).toBeGreaterThan(1);
    for (const z of zones) expect([z, byZone[z].size]).toEqual([z, 1]);
    // Two rules in at least one zone, grouped.
    const rulesPerCase = new Map<string, Set<string>>();
    for (const i of incidents)
      (rulesPerCase.get(i.caseId!) ?? rulesPerCase.set(i.caseId!, new Set()).get(i.caseId!)!).add(i.ruleId);
    expect(Math.max(...[...rulesPerCase.values()].map((s) => s.size))).toBeGreaterThanOrEqual(2);
    // Every update of an incident carries its case.
    for (const i of incidents) expect(i.caseId).toMatch(/^case-/);
  });

  it('the baggage-handling extortion is one case in the baggage hall', async () => {
    const incidents = await run('zagreb-airport', 'baggage-extortion');
    const hall = incidents.filter((i) => i.zoneId === 'baggage-hall');
    expect(new Set(hall.map((i) => i.ruleId)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(hall.map((i) => i.caseId)).size).toBe(1);
  });
});
