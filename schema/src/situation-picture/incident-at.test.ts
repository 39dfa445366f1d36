import { describe, it, expect } from 'vitest';
import type { Incident } from '../incident.ts';
import { incidentAt, openIncidentAt } from './incident-at.ts';

const t = (hhmm: string) => Date.parse(`2026-01-15T${hhmm}:00.000Z`);
const iso = (hhmm: string) => new Date(t(hhmm)).toISOString();

const worked: Incident = {
  id: 'inc-1',
  ruleId: 'drone-over-restricted-area',
  title: 'Drone over the cruise terminal',
  severity: 4,
  status: 'acknowledged',
  siteId: 'valencia',
  zoneId: 'cruise-terminal',
  affectedZones: ['cruise-terminal'],
  domains: ['physical'],
  indicatorIds: ['rid-1'],
  firstSeen: iso('09:00'),
  lastSeen: iso('09:02'),
  mode: 'live',
  assignee: 'op-ben',
  sop: [
    { id: '1', text: 'Locate the operator', done: true, doneBy: 'op-anna', doneAt: iso('09:06') },
    { id: '2', text: 'Inform the harbour master', done: false },
  ],
  history: [
    { at: iso('09:02'), by: 'rule:drone-over-restricted-area', action: 'raised' },
    { at: iso('09:04'), by: 'op-anna', action: 'acknowledge', from: 'new', to: 'acknowledged' },
    { at: iso('09:05'), by: 'op-anna', action: 'assign', to: 'op-anna' },
    {
      at: iso('09:06'),
      by: 'op-anna',
      action: 'sop_step',
      from: 'not done',
      to: 'done',
      note: '1. Locate the operator',
    },
    { at: iso('09:10'), by: 'op-anna', action: 'resolve', from: 'in_progress', to: 'resolved', note: 'false alarm' },
    { at: iso('09:20'), by: 'op-ben', action: 'reopen', from: 'resolved', to: 'acknowledged', note: 'seen again' },
    { at: iso('09:21'), by: 'op-ben', action: 'assign', from: 'op-anna', to: 'op-ben' },
  ],
};

describe('an incident as it stood at a moment', () => {
  it('did not exist before it was first seen', () => {
    expect(incidentAt(worked, t('08:59'))).toBeNull();
  });

  it('walks the workflow: new, acknowledged, in progress, resolved, reopened', () => {
    const status = (hhmm: string) => incidentAt(worked, t(hhmm))?.status;
    expect(status('09:00')).toBe('new');
    expect(status('09:04')).toBe('acknowledged');
    expect(status('09:05')).toBe('in_progress');
    expect(status('09:10')).toBe('resolved');
    expect(status('09:20')).toBe('acknowledged');
    expect(status('09:21')).toBe('in_progress');
  });

  it('shows who had it, what was written and which SOP steps were done by then', () => {
    const then = incidentAt(worked, t('09:05'))!;
    expect(then.assignee).toBe('op-anna');
    expect(then.history.map((h) => h.action)).toEqual(['raised', 'acknowledge', 'assign']);
    expect(then.sop![0]).toEqual({ id: '1', text: 'Locate the operator', done: false });
    expect(incidentAt(worked, t('09:06'))!.sop![0].doneBy).toBe('op-anna');
    expect(incidentAt(worked, t('09:00'))!.assignee).toBeUndefined();
    expect(incidentAt(worked, t('09:30'))!.assignee).toBe('op-ben');
  });

  it('is open until resolved, and again once reopened', () => {
    expect(openIncidentAt(worked, t('09:09'))).not.toBeNull();
    expect(openIncidentAt(worked, t('09:10'))).toBeNull();
    expect(openIncidentAt(worked, t('09:19'))).toBeNull();
    expect(openIncidentAt(worked, t('09:20'))?.status).toBe('acknowledged');
  });
});
