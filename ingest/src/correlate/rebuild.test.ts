// A rebuilt engine (a Kafka rebalance, an embedded restart) sees only the rebuild window of
// records. An incident kept open by activity for longer than that must keep its id: the
// rebuilt engine goes on with the incidents published before (recent-incidents.ts) instead of
// raising the window's firing anew — a duplicate, and deaf to an operator's resolve of the old one.
import { describe, it, expect } from 'vitest';
import type { Incident, Indicator } from '@portwatch/schema';
import { CorrelationEngine } from './engine.ts';
import { RecentIncidents } from './recent-incidents.ts';
import { at, ind, rules, MIN, HYBRID_RULE } from '../testing/correlation-fixtures.ts';

/** Re-armed 20 min after a resolve. */
const HYBRID = rules(`${HYBRID_RULE}rearm: 20m\n`);

/** A cyber record at even minutes of `minutes`' list, a physical one at odd places: each pair fires. */
const activity = (minutes: number[]) =>
  minutes.map((m, k) => ind({ time: at(m * MIN), domain: k % 2 ? 'physical' : 'cyber', type: 'x' }));

function run(e: CorrelationEngine, list: Indicator[]): Incident[] {
  return list.flatMap((i) => e.process(i));
}

/** What a worker knew of the incidents published before the rebuild (the incidents topic, the store). */
function published(incidents: Incident[], resolves = new Map<string, number>()) {
  const recent = new RecentIncidents(Infinity);
  for (const inc of incidents) recent.offer(inc);
  return (ruleId: string, groupKey: string, atMs: number) => {
    const incident = recent.find(ruleId, groupKey, atMs);
    if (!incident) return undefined;
    const resolvedAtMs = resolves.get(incident.id);
    return resolvedAtMs === undefined ? { incident } : { incident, resolvedAtMs };
  };
}

/** The records a rebuild at `rebuildMin` with a `windowMin` window re-reads. */
const since = (list: Indicator[], min: number) => list.filter((i) => Date.parse(i.time) >= Date.parse(at(min * MIN)));

describe('rebuilt engine and the incidents open before it', () => {
  // Activity every 15-20 min keeps one incident open for 65 min; the rebuild at 50 min re-reads 30.
  const before = activity([0, 5, 20, 25, 40, 45]);
  const after = activity([60, 62]);

  it('goes on with an incident open for longer than the rebuild window: the same id as one engine gives', () => {
    const one = new CorrelationEngine(HYBRID);
    const uninterrupted = run(one, [...before, ...after]);
    expect(new Set(uninterrupted.map((i) => i.id)).size).toBe(1);

    const first = new CorrelationEngine(HYBRID);
    const beforeRebuild = run(first, before);
    const rebuilt = new CorrelationEngine(HYBRID);
    rebuilt.adoptFrom(published(beforeRebuild));
    const out = [...run(rebuilt, since(before, 20)), ...run(rebuilt, after)];

    expect(new Set(out.map((i) => i.id))).toEqual(new Set([uninterrupted[0].id]));
    // The last update is the one the uninterrupted engine publishes, field for field.
    expect(out[out.length - 1]).toEqual(uninterrupted[uninterrupted.length - 1]);
    expect(uninterrupted[0].groupKey).toBe('live|gate-north');
  });

  it('without the incidents from before, raises a second incident for the same activity (the bug this prevents)', () => {
    const one = new CorrelationEngine(HYBRID);
    const [raised] = run(one, before);
    const rebuilt = new CorrelationEngine(HYBRID);
    const out = run(rebuilt, since(before, 20));
    expect(out.map((i) => i.id)).not.toContain(raised.id);
    expect(out).not.toEqual([]);
  });

  it('publishes the incident it goes on with once, so zone risk counts it open after the rebuild', () => {
    const first = new CorrelationEngine(HYBRID);
    const beforeRebuild = run(first, before);
    const rebuilt = new CorrelationEngine(HYBRID);
    rebuilt.adoptFrom(published(beforeRebuild));
    // Every re-read record is already on the incident: nothing new, yet it is published once.
    const out = run(rebuilt, since(before, 20));
    expect(out.map((i) => i.id)).toEqual([beforeRebuild[0].id]);
    expect(out[0].indicatorIds).toEqual(beforeRebuild[beforeRebuild.length - 1].indicatorIds);
  });

  it('an operator resolving the old id after the rebuild re-arms the rebuilt group', () => {
    const first = new CorrelationEngine(HYBRID);
    const beforeRebuild = run(first, before);
    const rebuilt = new CorrelationEngine(HYBRID);
    rebuilt.adoptFrom(published(beforeRebuild));
    run(rebuilt, since(before, 20));
    expect(rebuilt.resolved(beforeRebuild[0].id, Date.parse(at(50 * MIN)))).toBe(true);
    expect(run(rebuilt, after)).toEqual([]);
  });

  it('keeps a group whose incident was resolved before the rebuild quiet through its re-arm, then raises as one engine does', () => {
    const resolvedAt = Date.parse(at(6 * MIN));
    const early = activity([0, 5]);
    const quiet = activity([20, 22]); // within the 20 min re-arm after the resolve at 6 min
    const later = activity([40, 42]);

    const one = new CorrelationEngine(HYBRID);
    const [inc] = run(one, early);
    one.resolved(inc.id, resolvedAt);
    expect(run(one, quiet)).toEqual([]);
    const [again] = run(one, later);
    expect(again.id).not.toBe(inc.id);

    // Rebuilt at 25 min from a 10 min window: it sees the quiet pair, not the resolved incident's records.
    const rebuilt = new CorrelationEngine(HYBRID);
    rebuilt.adoptFrom(published([inc], new Map([[inc.id, resolvedAt]])));
    expect(run(rebuilt, quiet)).toEqual([]);
    expect(run(rebuilt, later)).toEqual([again]);

    // Without it, the quiet pair raises an incident the operator already dealt with.
    expect(run(new CorrelationEngine(HYBRID), quiet)).toHaveLength(1);
  });

  it('gives the end of one incident and the next incident in one window each to its own incident', () => {
    const x = activity([0, 5, 20, 25]);
    const y = activity([60, 62, 70, 72]); // 35 min after x's last record: past its suppression
    const one = new CorrelationEngine(HYBRID);
    const fromX = run(one, x);
    const fromY = run(one, y);
    expect(fromY[0].id).not.toBe(fromX[0].id);

    // Rebuilt at 75 min from a 60 min window: x's last pair, all of y.
    const rebuilt = new CorrelationEngine(HYBRID);
    rebuilt.adoptFrom(published([...fromX, ...fromY]));
    const out = run(rebuilt, [...since(x, 15), ...y]);
    expect([...new Set(out.map((i) => i.id))]).toEqual([fromX[0].id, fromY[0].id]);
    expect(out[out.length - 1]).toEqual(fromY[fromY.length - 1]);
  });

  it('raises a new incident when the one from before has passed its suppression, as one engine does', () => {
    const early = activity([0, 5]);
    const late = activity([50, 52]); // 45 min after the last record: past the 30 min suppression
    const one = new CorrelationEngine(HYBRID);
    const [inc] = run(one, early);
    const [next] = run(one, late);
    expect(next.id).not.toBe(inc.id);

    const rebuilt = new CorrelationEngine(HYBRID);
    rebuilt.adoptFrom(published([inc]));
    expect(run(rebuilt, late)).toEqual([next]);
  });
});

describe('RecentIncidents', () => {
  const inc = (id: string, groupKey: string | undefined, lastMin: number): Incident => ({
    id,
    ruleId: 'r',
    title: 't',
    severity: 4,
    status: 'new',
    siteId: 'valencia',
    zoneId: 'gate-north',
    affectedZones: ['gate-north'],
    domains: ['physical'],
    indicatorIds: [],
    firstSeen: at(0),
    lastSeen: at(lastMin * MIN),
    mode: 'live',
    ...(groupKey ? { groupKey } : {}),
    history: [],
  });

  it('keeps the newest incident of each group, whatever order the versions come in', () => {
    const recent = new RecentIncidents(Infinity);
    recent.offer(inc('a', 'live|gate-north', 10));
    recent.offer(inc('a', 'live|gate-north', 5)); // an older version read after a newer one
    expect(recent.find('r', 'live|gate-north')?.lastSeen).toBe(at(10 * MIN));
    recent.offer(inc('b', 'live|gate-north', 50));
    expect(recent.find('r', 'live|gate-north')?.id).toBe('b');
    expect(recent.find('other-rule', 'live|gate-north')).toBeUndefined();
  });

  it('ignores incidents stored before they named their group, and forgets groups past the horizon', () => {
    const recent = new RecentIncidents(60 * MIN);
    recent.offer(inc('old', undefined, 0));
    expect(recent.size).toBe(0);
    recent.offer(inc('quiet', 'live|z-quiet', 0));
    for (let k = 0; k < 5000; k++) recent.offer(inc(`busy-${k}`, `live|z${k % 3}`, 120));
    expect(recent.find('r', 'live|z-quiet')).toBeUndefined();
    expect(recent.size).toBe(3);
  });
});
