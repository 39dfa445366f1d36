// The MSEL scored: which expected incidents were raised, how long detection took in scenario
// time, and how long operators took to acknowledge and resolve each once it reached the queue.
import type { Exercise, ExerciseExpectation } from '@portwatch/schema';
import type { ExercisePlan } from './exercise-runner.ts';
import type { QueuedIncident } from './exercise-store.ts';

const seconds = (ms: number) => Math.round(ms / 100) / 10;

function changeAt(q: QueuedIncident, action: string): number | null {
  const hit = q.incident.history.find((h) => h.action === action);
  return hit ? Date.parse(hit.at) : null;
}

/** The first incident of each expectation's rule in its zone (or reaching it through propagation). */
function match(e: ExercisePlan['expected'][number], list: QueuedIncident[]): QueuedIncident | undefined {
  const ofRule = list.filter((q) => q.incident.ruleId === e.ruleId);
  return (
    ofRule.find((q) => q.incident.zoneId === e.zoneId) ??
    ofRule.find((q) => q.incident.affectedZones.includes(e.zoneId))
  );
}

export function scoreExercise(
  ex: Pick<Exercise, 'scenarioStart' | 'status'>,
  expected: ExercisePlan['expected'],
  incidents: QueuedIncident[],
  nowMs: number,
): ExerciseExpectation[] {
  const start = Date.parse(ex.scenarioStart);
  return expected.map((e) => {
    const out: ExerciseExpectation = { ...e, found: false };
    const q = match(e, incidents);
    if (!q) {
      if (ex.status !== 'running') out.detectedInTime = false;
      return out;
    }
    out.found = true;
    out.incidentId = q.incident.id;
    // Detection in scenario time: when the rule fired (its event time), from the scenario's start.
    const raised = changeAt(q, 'raised') ?? Date.parse(q.incident.firstSeen);
    out.detectedAfterS = Math.max(0, seconds(raised - start));
    out.detectedInTime = out.detectedAfterS <= e.detectWithinS;
    const queued = q.queuedAt ? Date.parse(q.queuedAt) : null;
    const ack = changeAt(q, 'acknowledge');
    const resolved = changeAt(q, 'resolve');
    if (queued !== null && ack !== null) out.acknowledgedAfterS = Math.max(0, seconds(ack - queued));
    if (queued !== null && resolved !== null) out.resolvedAfterS = Math.max(0, seconds(resolved - queued));
    if (out.acknowledgedAfterS !== undefined) out.acknowledgedInTime = out.acknowledgedAfterS <= e.acknowledgeWithinS;
    else if (queued !== null && nowMs - queued > e.acknowledgeWithinS * 1000) out.acknowledgedInTime = false;
    return out;
  });
}
