// A review as Markdown: the file an analyst downloads. Operator text must not break its tables.
import { describe, expect, it } from 'vitest';
import type { ExerciseExpectation, ExerciseReview, Incident, Indicator } from '@portwatch/schema';
import { incidentReview } from './incident-review.ts';
import { exerciseReviewMarkdown, incidentReviewMarkdown } from './review-markdown.ts';

const incident: Incident = {
  id: 'inc-7',
  ruleId: 'perimeter-breach',
  title: 'Perimeter breach in North Gate',
  severity: 4,
  status: 'resolved',
  siteId: 'valencia',
  zoneId: 'gate-north',
  affectedZones: ['gate-north'],
  domains: ['physical'],
  indicatorIds: ['pids:1'],
  firstSeen: '2026-03-02T01:00:40.000Z',
  lastSeen: '2026-03-02T01:00:40.000Z',
  mode: 'live',
  sop: [
    { id: 's1', text: 'Send the nearest patrol', done: true, doneBy: 'op', doneAt: '2026-03-02T01:02:00.000Z' },
    { id: 's2', text: 'Call the Port Police', done: false },
  ],
  history: [
    { at: '2026-03-02T01:00:45.000Z', by: 'rule:perimeter-breach', action: 'raised' },
    { at: '2026-03-02T01:01:45.000Z', by: 'op', action: 'acknowledge', from: 'new', to: 'acknowledged' },
    { at: '2026-03-02T01:03:00.000Z', by: 'op', action: 'note', note: 'fence cut | segment 3\nsecond line' },
    { at: '2026-03-02T01:10:45.000Z', by: 'op', action: 'resolve', to: 'resolved', note: 'Handled — patrol' },
  ],
};
const indicator = {
  id: 'pids:1',
  time: '2026-03-02T01:00:40.000Z',
  title: 'Fence cut on PIDS-GATE-N1',
  zoneId: 'gate-north',
  domain: 'physical',
} as Indicator;

describe('an incident review', () => {
  it('times detection, acknowledgement and resolve, and splits the SOP into done and skipped', () => {
    const r = incidentReview(incident, [indicator], '2026-03-02T01:00:45.000Z', null);
    expect([r.timeToDetectS, r.timeToAcknowledgeS, r.timeToResolveS]).toEqual([5, 60, 600]);
    expect(r.sopDone.map((s) => s.id)).toEqual(['s1']);
    expect(r.sopSkipped.map((s) => s.id)).toEqual(['s2']);
    expect(r.timeline.map((e) => e.kind)).toEqual(['indicator', 'rule', 'action', 'note', 'action']);
    expect(r.resolution).toBe('Handled — patrol');
  });

  it('renders Markdown whose timeline table survives pipes and line breaks in notes', () => {
    const md = incidentReviewMarkdown(
      incidentReview(incident, [indicator], null, {
        lessons: 'Patrol took 9 min.',
        by: 'ana',
        at: '2026-03-03T09:00:00.000Z',
      }),
    );
    expect(md).toMatch(/^# After-action review: Perimeter breach in North Gate/);
    expect(md).toContain('Time to detect: 5 s; to acknowledge: 60 s; to resolve: 10 min');
    expect(md).toContain('| 2026-03-02 01:03:00Z | note | fence cut \\| segment 3 second line | gate-north | op |');
    expect(md).toContain('SOP steps skipped: Call the Port Police');
    expect(md).toContain('## Lessons learned\n\nPatrol took 9 min.');
  });
});

describe('an exercise review', () => {
  const expectation = (over: Partial<ExerciseExpectation>): ExerciseExpectation => ({
    ruleId: 'perimeter-breach',
    zoneId: 'gate-north',
    detectWithinS: 120,
    acknowledgeWithinS: 300,
    found: true,
    incidentId: 'inc-7',
    detectedAfterS: 40,
    detectedInTime: true,
    ...over,
  });
  const review = (expected: ExerciseExpectation[]): ExerciseReview => ({
    exercise: {
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
      incidentIds: ['inc-7'],
    },
    missed: [],
    timeline: [],
    incidents: [],
    lessons: '',
  });
  const ackCells = (md: string) =>
    md
      .split('\n')
      .filter((l) => l.startsWith('| perimeter-breach'))
      .map((l) => l.split(' | ')[4]);

  it('says an acknowledgement is missed once its deadline passed, and still due before', () => {
    const md = exerciseReviewMarkdown(
      review([
        expectation({ acknowledgedInTime: false }),
        expectation({}),
        expectation({ acknowledgedAfterS: 400, acknowledgedInTime: false }),
        expectation({ found: false, incidentId: undefined, detectedAfterS: undefined, detectedInTime: false }),
      ]),
    );
    expect(ackCells(md)).toEqual([
      '**missed** (not within 5 min)',
      'not yet (due within 5 min)',
      '6.7 min (late)',
      '—',
    ]);
  });
});
