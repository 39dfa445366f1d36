import { describe, it, expect } from 'vitest';
import type { Incident } from '@portwatch/schema';
import { CaseBook, CASE_GAP_MS } from './cases.ts';

const T0 = Date.parse('2026-01-15T02:00:00Z');
const MIN = 60_000;
function inc(id: string, zoneId: string, fromMin: number, toMin = fromMin, mode: Incident['mode'] = 'live'): Incident {
  return {
    id,
    ruleId: id,
    title: id,
    severity: 4,
    status: 'new',
    siteId: 'valencia',
    zoneId,
    affectedZones: [zoneId],
    domains: ['cyber'],
    indicatorIds: [],
    firstSeen: new Date(T0 + fromMin * MIN).toISOString(),
    lastSeen: new Date(T0 + toMin * MIN).toISOString(),
    mode,
    history: [],
  };
}

describe('cases', () => {
  it('incidents in one zone close in time share a case; another zone, mode or a later quiet start gets its own', () => {
    const book = new CaseBook();
    const a = book.assign(inc('hybrid', 'data-centre', 0, 3));
    expect(book.assign(inc('cascade', 'data-centre', 2, 5))).toBe(a);
    expect(book.assign(inc('other-zone', 'gate-north', 2))).not.toBe(a);
    expect(book.assign(inc('exercise', 'data-centre', 2, 2, 'exercise'))).not.toBe(a);
    // Activity keeps the case open: 40 minutes after the first, but within the gap of the last update.
    const updated = { ...inc('cascade', 'data-centre', 2, 20), caseId: a };
    book.touch(updated);
    expect(book.assign(inc('late-part', 'data-centre', 40))).toBe(a);
    // Quiet for longer than the gap: a new situation, a new case.
    const next = book.assign(inc('next-night', 'data-centre', 40 + CASE_GAP_MS / MIN + 1));
    expect(next).not.toBe(a);
  });

  it('names a case the same way on every run (a replay or a second worker)', () => {
    const one = new CaseBook().assign(inc('x', 'data-centre', 0));
    const two = new CaseBook().assign(inc('y', 'data-centre', 0, 9));
    expect(one).toMatch(/^case-[0-9a-f]{16}$/);
    expect(two).toBe(one);
  });
});
