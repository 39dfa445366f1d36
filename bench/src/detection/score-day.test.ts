import { describe, it, expect } from 'vitest';
import type { Incident } from '@portwatch/schema';
import { scoreDay } from './score-day.ts';
import { detectionTable } from './detection-table.ts';

const T0 = Date.parse('2026-01-15T02:00:00Z');
const MIN = 60_000;
function inc(id: string, ruleId: string, zoneId: string, atMin: number, severity: Incident['severity'] = 4): Incident {
  const at = new Date(T0 + atMin * MIN).toISOString();
  return {
    id,
    ruleId,
    title: ruleId,
    severity,
    status: 'new',
    siteId: 'valencia',
    zoneId,
    affectedZones: [zoneId],
    domains: ['cyber'],
    indicatorIds: [],
    firstSeen: at,
    lastSeen: at,
    mode: 'replay',
    history: [{ at, by: `rule:${ruleId}`, action: 'raised' }],
  };
}

const placed = [
  {
    scenario: 'notpetya-cascade',
    atMs: T0,
    durationMs: 25 * MIN,
    expected: [
      { ruleId: 'ransomware-detected', zoneId: 'data-centre', deadlineMs: 2 * MIN },
      { ruleId: 'smb-worm-spread', zoneId: 'data-centre', deadlineMs: 4 * MIN },
      { ruleId: 'cyber-physical-cascade', zoneId: 'gate-north', deadlineMs: 16 * MIN },
    ],
  },
];

describe('scoring a day', () => {
  it('times each part from the scenario start, marks a missed part, and counts high-severity incidents nothing explains', () => {
    const score = scoreDay(
      [
        inc('a', 'ransomware-detected', 'data-centre', 1),
        inc('b', 'smb-worm-spread', 'data-centre', 6),
        // The right rule in the right zone, but hours later: not this scenario's.
        inc('c', 'cyber-physical-cascade', 'gate-north', 300),
        inc('d', 'port-scan', 'port-authority-hq', 400),
        inc('e', 'door-opened-without-access', 'gate-north', 401, 3),
      ],
      placed,
    );
    expect(score.scenarios[0].parts.map((p) => p.detectMs)).toEqual([1 * MIN, 6 * MIN, null]);
    expect(score.scenarios[0].firstMs).toBe(MIN);
    expect(score.unexplainedHigh.map((i) => i.id)).toEqual(['c', 'd']);
    const table = detectionTable([{ site: 'valencia', results: score.scenarios }], {
      valencia: score.unexplainedHigh.map((i) => i.ruleId),
    });
    expect(table.met).toBe(false);
    expect(table.lines[2]).toMatch(/^valencia\s+notpetya-cascade\s+0\/1\s+1:00\s+1\s+FAIL$/);
    expect(table.lines.join('\n')).toMatch(/smb-worm-spread@data-centre at 6:00, deadline 4:00/);
    expect(table.lines.join('\n')).toMatch(/missed cyber-physical-cascade@gate-north/);
  });
});
