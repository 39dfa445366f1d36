// Server-side state: what the map, the queue and the charts show after a reload.
// Writes are idempotent (indicator ids, incident ids), so redelivered batches change nothing.
// One object for the routes, the store writer and the tools; each table's SQL is in its own
// `*-table.ts` beside this file, the picture over time in situation-store.ts.
import type {
  DeadLetter,
  DeadLetterToReplay,
  Incident,
  Indicator,
  Mode,
  SopStep,
  StoredDeadLetter,
  ZoneState,
} from '@portwatch/schema';
import type { Db } from './db.ts';
import { AuditTable, type AuditEvent } from './audit-table.ts';
import { DeadLetterTable, type DeadLetterQuery } from './dead-letter-table.ts';
import { IncidentTable } from './incident-table.ts';
import { IndicatorTable, type IndicatorQuery } from './indicator-table.ts';
import { SituationStore } from './situation-store.ts';
import { ZoneStateTable } from './zone-state-table.ts';

export class Store {
  /** The picture over time: zone-state history, track fixes, the situation at a moment. */
  readonly situation: SituationStore;
  private readonly incidents: IncidentTable;
  private readonly indicators: IndicatorTable;
  private readonly zones: ZoneStateTable;
  private readonly deadLetters: DeadLetterTable;
  private readonly audit: AuditTable;

  constructor(readonly db: Db) {
    this.situation = new SituationStore(db);
    this.incidents = new IncidentTable(db);
    this.indicators = new IndicatorTable(db);
    this.zones = new ZoneStateTable(db);
    this.deadLetters = new DeadLetterTable(db);
    this.audit = new AuditTable(db);
  }

  /** Inserts new indicators; returns how many were new. */
  insertIndicators(list: Indicator[]): Promise<number> {
    return this.indicators.insert(list);
  }

  /**
   * Correlation updates merge into what operators changed: indicators and times grow,
   * status, assignee, SOP and history stay. A new incident gets its rule's SOP checklist
   * (`checklist`). Returns the stored incidents after the merge.
   */
  upsertIncidents(list: Incident[], checklist?: (ruleId: string) => SopStep[] | undefined): Promise<Incident[]> {
    return this.incidents.upsert(list, checklist);
  }

  /**
   * An operator's change: `change` gets the stored incident and returns the changed one, or
   * null to leave it as it is. Null when there is no such incident.
   */
  changeIncident(
    id: string,
    change: (stored: Incident) => Incident | null,
  ): Promise<{ before: Incident; after: Incident | null } | null> {
    return this.incidents.change(id, change);
  }

  /** Writes an incident as it is, over whatever is stored (tests and tools; the API uses changeIncident). */
  saveIncident(inc: Incident): Promise<void> {
    return this.incidents.save(inc);
  }

  upsertZoneStates(input: ZoneState[]): Promise<void> {
    return this.zones.upsert(input);
  }

  insertDeadLetters(list: DeadLetter[]): Promise<number> {
    return this.deadLetters.insert(list);
  }

  getIncident(id: string): Promise<Incident | null> {
    return this.incidents.get(id);
  }

  listIncidents(opts?: { status?: 'open' | 'resolved' | 'all'; mode?: Mode; limit?: number }): Promise<Incident[]> {
    return this.incidents.list(opts);
  }

  listIndicators(q?: IndicatorQuery): Promise<Indicator[]> {
    return this.indicators.list(q);
  }

  /** One stored indicator with its raw record; null when there is none with that id. */
  getIndicator(id: string): Promise<Indicator | null> {
    return this.indicators.get(id);
  }

  countIndicators(): Promise<number> {
    return this.indicators.count();
  }

  zoneStates(siteId: string, mode: Mode): Promise<ZoneState[]> {
    return this.zones.list(siteId, mode);
  }

  /** Indicators per minute by domain, for the chart. */
  indicatorRate(
    minutes: number,
    mode: Mode,
    now?: Date,
  ): Promise<{ minute: string; physical: number; cyber: number }[]> {
    return this.indicators.ratePerMinute(minutes, mode, now);
  }

  /** Newest first; each payload cut to DEAD_LETTER_SHOWN_CHARS (`payloadCut` says when). */
  listDeadLetters(q?: DeadLetterQuery): Promise<StoredDeadLetter[]> {
    return this.deadLetters.list(q);
  }

  /**
   * A feed's letters to re-run, whole payloads, oldest first: the ones named (`ids`), or up
   * to `limit` of those still pending.
   */
  deadLettersToReplay(feed: string, ids: number[] | undefined, limit: number): Promise<DeadLetterToReplay[]> {
    return this.deadLetters.toReplay(feed, ids, limit);
  }

  /** A re-run decoded the letter: it is no longer pending, and these are its indicators. */
  markDeadLetterReplayed(id: number, indicatorIds: string[]): Promise<void> {
    return this.deadLetters.markReplayed(id, indicatorIds);
  }

  countDeadLetters(): Promise<number> {
    return this.deadLetters.count();
  }

  insertAudit(e: AuditEvent): Promise<number> {
    return this.audit.insert(e);
  }

  /** Newest first. */
  listAudit(limit?: number): Promise<(AuditEvent & { id: number })[]> {
    return this.audit.list(limit);
  }
}
