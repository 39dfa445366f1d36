// Scoring the MSEL: what an analyst reads on the exercise page and in the CLI's outcome.
import { describe, expect, it } from 'vitest';
import type { Incident } from '@portwatch/schema';
import { scoreExercise } from './score-exercise.ts';
import type { QueuedIncident } from './exercise-store.ts';

const START = '2026-03-02T01:00:00.000Z';
const at = (s: number) => new Date(Date.parse(START) + s * 1000).toISOString();
const expected = [
  { ruleId: 'perimeter-breach', zoneId: 'gate-north', detectWithinS: 120, acknowledgeWithinS: 60 },
  { ruleId: 'drone-over-restricted-area', zoneId: 'csp-terminal', detectWithinS: 600, acknowledgeWithinS: 300 },
];

function incident(over: Partial<Incident>, history: Incident['history']): Incident {
  return {
    id: 'inc-1',
    ruleId: 'perimeter-breach',
    title: 'Perimeter breach',
    severity: 4,
    status: 'resolved',
    siteId: 'valencia',
    zoneId: 'gate-north',
    affectedZones: ['gate-north'],
    domains: ['physical'],
    indicatorIds: ['a'],
    firstSeen: at(40),
    lastSeen: at(45),
    mode: 'exercise',
    exerciseId: 'ex-1',
    history,
    ...over,
  };
}

describe('scoring an exercise', () => {
  it('finds the expected incident, times its detection in scenario time and its handling from the queue', () => {
    const q: QueuedIncident = {
      incident: incident({}, [
        { at: at(45), by: 'rule:perimeter-breach', action: 'raised' },
        { at: '2026-03-02T02:00:30.000Z', by: 'op', action: 'acknowledge' },
        { at: '2026-03-02T02:02:00.000Z', by: 'op', action: 'resolve', note: 'Handled' },
      ]),
      queuedAt: '2026-03-02T02:00:00.000Z',
    };
    const [breach, drone] = scoreExercise(
      { scenarioStart: START, status: 'finished' },
      expected,
      [q],
      Date.parse('2026-03-02T02:10:00Z'),
    );
    expect(breach).toMatchObject({
      found: true,
      incidentId: 'inc-1',
      detectedAfterS: 45,
      detectedInTime: true,
      acknowledgedAfterS: 30,
      acknowledgedInTime: true,
      resolvedAfterS: 120,
    });
    expect(drone).toMatchObject({ found: false, detectedInTime: false });
    expect(drone.detectedAfterS).toBeUndefined();
  });

  it('says late once a deadline passed, and nothing yet about a miss while the exercise runs', () => {
    const q: QueuedIncident = {
      incident: incident({ status: 'new' }, [{ at: at(200), by: 'rule:perimeter-breach', action: 'raised' }]),
      queuedAt: '2026-03-02T02:00:00.000Z',
    };
    const [breach, drone] = scoreExercise(
      { scenarioStart: START, status: 'running' },
      expected,
      [q],
      Date.parse('2026-03-02T02:05:00Z'),
    );
    expect(breach).toMatchObject({
      found: true,
      detectedAfterS: 200,
      detectedInTime: false,
      acknowledgedInTime: false,
    });
    expect(drone.found).toBe(false);
    expect(drone.detectedInTime).toBeUndefined();
  });
});
