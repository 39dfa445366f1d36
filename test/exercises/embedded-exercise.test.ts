// Exercises on the embedded default: every scenario of the site, run as an exercise at max
// speed through the real system (embedded MQTT broker, in-process bus where Kafka would be,
// ingest, correlation, storage), finds every expected incident; two exercises of one scenario
// and live traffic at the same time stay apart; live figures never count exercise incidents;
// an exercise survives a restart of the API as a stored record.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type {
  Exercise,
  ExerciseReview,
  Incident,
  IncidentReview,
  ScenarioSummary,
  ZoneStateView,
} from '@portwatch/schema';
import { mintTestToken, signedIn, type SignedInClient } from '@portwatch/api/testing';
import { startTestSystem, eventually, type TestSystem } from '../support/system.ts';

let t: TestSystem;
let analyst: SignedInClient;
let operator: SignedInClient;
let viewer: SignedInClient;

beforeAll(async () => {
  t = await startTestSystem();
  analyst = signedIn(t.base, mintTestToken(t.system.tokensFile, 'analyst', 'drill-lead'));
  operator = signedIn(t.base, mintTestToken(t.system.tokensFile, 'operator', 'night-op'));
  viewer = signedIn(t.base, mintTestToken(t.system.tokensFile, 'viewer', 'wall-screen'));
});
afterAll(async () => t?.stop());

async function start(scenario: string): Promise<string> {
  const res = await analyst.postJson<{ id: string; error?: string }>('/api/exercises', { scenario, speed: 'max' });
  expect(res.status, res.body.error).toBe(201);
  return res.body.id;
}

const finished = (id: string) =>
  eventually(
    async () => {
      const ex = await analyst.getJson<Exercise>(`/api/exercises/${id}`);
      return ex.status !== 'running' && ex;
    },
    90_000,
    `exercise ${id} to finish`,
  );

describe('exercises on the embedded default', () => {
  it('every scenario of the site, at max speed, finds all its expected incidents, apart from live', async () => {
    const scenarios = await analyst.getJson<ScenarioSummary[]>('/api/exercises/scenarios');
    expect(scenarios.map((s) => s.id)).toContain('gate-hybrid-intrusion');
    expect(scenarios.some((s) => s.hybrid)).toBe(true);
    const liveBefore = await viewer.getJson<Incident[]>('/api/incidents?mode=live&status=all');

    // Two runs of one hybrid scenario at once, and every other scenario of the site.
    const ids = await Promise.all(scenarios.map((s) => start(s.id)));
    const twin = await start('gate-hybrid-intrusion');
    const all = await Promise.all([...ids, twin].map(finished));

    for (const ex of all) {
      const missed = ex.expected.filter((e) => !e.found).map((e) => `${e.ruleId} in ${e.zoneId}`);
      expect(missed, `${ex.scenario} (${ex.id}) missed`).toEqual([]);
      expect(ex.status).toBe('finished');
      expect(ex.records.sent).toBe(ex.records.total);
      for (const e of ex.expected) expect(e.detectedAfterS).toBeGreaterThanOrEqual(0);
      expect(ex.injects.every((i) => i.sentAt)).toBe(true);
    }

    // Each exercise's incidents are its own: mode exercise, its id, and no id shared.
    const byExercise = new Map<string, Incident[]>();
    for (const ex of all)
      byExercise.set(
        ex.id,
        await Promise.all(ex.incidentIds.map((id) => viewer.getJson<Incident>(`/api/incidents/${id}`))),
      );
    const seen = new Set<string>();
    for (const [id, list] of byExercise) {
      for (const inc of list) {
        expect(inc.mode).toBe('exercise');
        expect(inc.exerciseId).toBe(id);
        expect(seen.has(inc.id)).toBe(false);
        seen.add(inc.id);
      }
    }
    const first = all.find((e) => e.scenario === 'gate-hybrid-intrusion' && e.id !== twin)!;
    const second = all.find((e) => e.id === twin)!;
    expect(second.expected.map((e) => e.incidentId)).not.toEqual(first.expected.map((e) => e.incidentId));

    // Live figures are as they were: no exercise incident in the live queue or live zone risk.
    const liveAfter = await viewer.getJson<Incident[]>('/api/incidents?mode=live&status=all');
    expect(liveAfter.map((i) => i.id)).toEqual(liveBefore.map((i) => i.id));
    // No live traffic ran: every live zone is calm with no open incident, while the exercise
    // picture (mode=exercise) carries the exercises' risk.
    const zones = await viewer.getJson<ZoneStateView[]>('/api/zones');
    expect(zones.filter((z) => z.risk > 0 || z.openIncidents > 0).map((z) => z.zoneId)).toEqual([]);
    const drill = await viewer.getJson<ZoneStateView[]>('/api/zones?mode=exercise');
    expect(drill.some((z) => z.zoneId === 'gate-north' && z.openIncidents > 0)).toBe(true);
  });

  it('operators work an exercise incident as a live one; the review has its timeline, times and lessons', async () => {
    const id = await start('drone-cctv-attack');
    const ex = await finished(id);
    const drone = ex.expected.find((e) => e.ruleId === 'drone-over-restricted-area')!;
    expect(drone.found).toBe(true);
    const incId = drone.incidentId!;
    for (const body of [{ action: 'acknowledge' }, { action: 'resolve', reason: 'handled: drill drone grounded' }]) {
      const res = await operator.postJson(`/api/incidents/${incId}/actions`, body);
      expect(res.status).toBe(200);
    }
    const scored = await analyst.getJson<Exercise>(`/api/exercises/${id}`);
    const after = scored.expected.find((e) => e.incidentId === incId)!;
    expect(after.acknowledgedAfterS).toBeGreaterThanOrEqual(0);
    expect(after.resolvedAfterS).toBeGreaterThanOrEqual(after.acknowledgedAfterS!);

    const lessons = 'The drone was seen in 20 s; the CCTV server exploit went unnoticed until the cameras went dark.';
    expect((await analyst.postJson(`/api/incidents/${incId}/review/lessons`, { lessons })).status).toBe(200);
    const review = await analyst.getJson<IncidentReview>(`/api/incidents/${incId}/review`);
    expect(review.lessons).toBe(lessons);
    expect(review.lessonsBy).toBe('drill-lead');
    expect(review.timeToAcknowledgeS).not.toBeNull();
    expect(review.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['indicator', 'rule', 'action']));
    expect(review.resolution).toBe('handled: drill drone grounded');

    const exReview = await analyst.getJson<ExerciseReview>(`/api/exercises/${id}/review`);
    expect(exReview.missed).toEqual([]);
    expect(exReview.timeline.filter((e) => e.kind === 'inject')).toHaveLength(ex.injects.length);
    const md = await analyst.fetch(`/api/exercises/${id}/review?format=md`);
    expect(md.headers.get('content-type')).toMatch(/text\/markdown/);
    const text = await md.text();
    expect(text).toMatch(/^# After-action report: /);
    expect(text).toContain('| drone-over-restricted-area | csp-terminal | yes |');

    // Its CAP says Exercise.
    const cap = await analyst.fetch(`/api/incidents/${incId}/export?format=cap`);
    expect(await cap.text()).toContain('<status>Exercise</status>');

    // A viewer may neither start one nor write lessons.
    expect((await viewer.postJson('/api/exercises', { scenario: 'drone-cctv-attack' })).status).toBe(403);
    expect((await viewer.postJson(`/api/incidents/${incId}/review/lessons`, { lessons: 'x' })).status).toBe(403);
  });

  it('refuses an unknown scenario and a bad speed, saying why', async () => {
    const unknown = await analyst.postJson<{ error: string }>('/api/exercises', { scenario: 'no-such' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/unknown scenario "no-such"/);
    const bad = await analyst.postJson<{ error: string }>('/api/exercises', {
      scenario: 'drone-cctv-attack',
      speed: -2,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^speed: /);
  });
});
