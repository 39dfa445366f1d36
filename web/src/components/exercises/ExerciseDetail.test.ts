// The exercise page's expected outcomes: an analyst reading it after the exercise must see an
// acknowledgement that never came as missed, not as a blank waiting for a deadline.
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Exercise, ExerciseExpectation } from '@portwatch/schema';
import ExerciseDetail from './ExerciseDetail.vue';
import { useExercisesStore } from '../../stores/exercises.ts';

const expectation = (zoneId: string, over: Partial<ExerciseExpectation>): ExerciseExpectation => ({
  ruleId: 'perimeter-breach',
  zoneId,
  detectWithinS: 120,
  acknowledgeWithinS: 300,
  found: true,
  incidentId: `inc-${zoneId}`,
  detectedAfterS: 40,
  detectedInTime: true,
  ...over,
});

function show(expected: ExerciseExpectation[]) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const ex: Exercise = {
    id: 'ex-1',
    scenario: 'fence-breach',
    title: 'Fence breach at night',
    siteId: 'valencia',
    speed: 'max',
    status: 'finished',
    startedAt: '2026-03-02T01:00:00.000Z',
    endedAt: '2026-03-02T01:02:00.000Z',
    startedBy: 'ana',
    scenarioStart: '2026-03-02T01:00:00.000Z',
    durationS: 120,
    injects: [],
    expected,
    records: { sent: 10, total: 10 },
    incidentIds: expected.flatMap((e) => (e.incidentId ? [e.incidentId] : [])),
  };
  useExercisesStore().current = ex;
  return mount(ExerciseDetail, { props: { id: 'ex-1' }, global: { plugins: [pinia] } });
}

describe('ExerciseDetail expected outcomes', () => {
  it('names a missed acknowledgement, one still due, one done late, and none for a missed detection', () => {
    const w = show([
      expectation('gate-north', { acknowledgedInTime: false }),
      expectation('berth-3', {}),
      expectation('terminal-a', { acknowledgedAfterS: 400, acknowledgedInTime: false }),
      expectation('fuel-depot', { found: false, incidentId: undefined, detectedAfterS: undefined }),
    ]);
    const cells = w.findAll('[data-ack]').map((c) => [c.attributes('data-ack'), c.text()]);
    expect(cells).toEqual([
      ['missed', 'MISSED (not acknowledged within 5 min)'],
      ['waiting', 'waiting (due within 5 min)'],
      ['done', '6.7 min late (within 5 min)'],
      ['none', '—'],
    ]);
    expect(w.findAll('tbody tr')[3]!.text()).toContain('MISSED');
  });
});
