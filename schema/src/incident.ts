// The Incident contract of DESIGN.md: what correlation raises.
import { DOMAINS, MODES, type Domain, type Mode, type Severity } from './indicator.ts';

export const INCIDENT_STATUSES = ['new', 'acknowledged', 'in_progress', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export interface SopStep {
  id: string;
  text: string;
  done: boolean;
  doneBy?: string;
  doneAt?: string;
}

/** One audited change: who, when, what, why. */
export interface IncidentChange {
  at: string;
  by: string;
  action: string;
  from?: string;
  to?: string;
  note?: string;
}

/** What an operator asks to do to an incident: the body of POST /api/incidents/:id/actions. */
export const INCIDENT_ACTIONS = ['acknowledge', 'assign', 'note', 'sop_step', 'resolve', 'reopen'] as const;
export type IncidentActionName = (typeof INCIDENT_ACTIONS)[number];

export type IncidentAction =
  | { action: 'acknowledge' }
  /** No assignee: the caller (their token's name). */
  | { action: 'assign'; assignee?: string }
  | { action: 'note'; note: string }
  | { action: 'sop_step'; step: string; done: boolean }
  /** `reason`: why it is resolved — a short choice ("false alarm", "handled") and what was done. */
  | { action: 'resolve'; reason: string }
  | { action: 'reopen'; reason: string };

export interface Incident {
  id: string;
  ruleId: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  siteId: string;
  zoneId: string;
  affectedZones: string[];
  domains: Domain[];
  indicatorIds: string[];
  firstSeen: string;
  lastSeen: string;
  mode: Mode;
  /** The exercise it belongs to (mode `exercise` only): two exercises of one scenario stay apart. */
  exerciseId?: string;
  /** The raising rule's tags (MITRE ATT&CK for ICS / Enterprise: `attack.t0855`, `attack.t1210`). */
  tags?: string[];
  /**
   * The case it belongs to: related incidents in one zone close together in time form one case
   * (`case-` + hash of site, mode, zone and the first incident's start), shown as one queue row.
   */
  caseId?: string;
  /**
   * The rule group it was raised for (lane|zone|group-by values, part of its id): how a
   * correlation that rebuilds its windows finds the incident again and goes on with it.
   */
  groupKey?: string;
  assignee?: string;
  sop?: SopStep[];
  history: IncidentChange[];
  /**
   * How many times the store has written it (1 when first stored). Pushes from several writers
   * (store writers, API instances) can arrive out of order; a lower revision than the one shown
   * is an older document and is ignored. Unset before it is stored (correlation's output).
   */
  revision?: number;
}

export const incidentSchema = {
  $id: 'https://portwatch.dev/schema/incident.json',
  type: 'object',
  required: [
    'id',
    'ruleId',
    'title',
    'severity',
    'status',
    'siteId',
    'zoneId',
    'affectedZones',
    'domains',
    'indicatorIds',
    'firstSeen',
    'lastSeen',
    'mode',
    'history',
  ],
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1 },
    ruleId: { type: 'string', minLength: 1 },
    title: { type: 'string' },
    severity: { type: 'integer', minimum: 0, maximum: 5 },
    status: { enum: INCIDENT_STATUSES },
    siteId: { type: 'string' },
    zoneId: { type: 'string' },
    affectedZones: { type: 'array', items: { type: 'string' } },
    domains: { type: 'array', items: { enum: DOMAINS } },
    indicatorIds: { type: 'array', items: { type: 'string' } },
    firstSeen: { type: 'string', format: 'date-time' },
    lastSeen: { type: 'string', format: 'date-time' },
    mode: { enum: MODES },
    exerciseId: { type: 'string', minLength: 1 },
    tags: { type: 'array', items: { type: 'string' } },
    caseId: { type: 'string', minLength: 1 },
    groupKey: { type: 'string', minLength: 1 },
    assignee: { type: 'string' },
    revision: { type: 'integer', minimum: 1 },
    sop: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'text', 'done'],
        properties: {
          id: { type: 'string' },
          text: { type: 'string' },
          done: { type: 'boolean' },
          doneBy: { type: 'string' },
          doneAt: { type: 'string' },
        },
      },
    },
    history: {
      type: 'array',
      items: {
        type: 'object',
        required: ['at', 'by', 'action'],
        properties: {
          at: { type: 'string' },
          by: { type: 'string' },
          action: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          note: { type: 'string' },
        },
      },
    },
  },
} as const;
