// The operator's queue of open incidents, the recently resolved ones, the one they selected,
// and the last new critical one (the map flies to it). Incident pushes carry the whole
// record: insert or replace by id. Operators' actions go through here: the server decides
// what an action may change, and the incident it sends back replaces the one shown.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Incident, IncidentStatus } from '@portwatch/schema';
import { isOlderIncident } from '@portwatch/schema/live';
import { api } from '../services/api.ts';
import type { IncidentActionRequest } from '../services/api-types.ts';
import { groupCases } from './incident-cases.ts';

const CLOSED: readonly IncidentStatus[] = ['resolved', 'closed'];
const QUEUE_LIMIT = 200;
const RESOLVED_LIMIT = 50;
/** Resolved incidents kept from pushes: a wall screen runs for weeks. */
const RESOLVED_KEPT = 200;

export function isOpen(incident: Incident): boolean {
  return !CLOSED.includes(incident.status);
}

/** Most severe first; within a severity the newest first, so a fresh critical tops the queue. */
export function comparePriority(a: Incident, b: Incident): number {
  return b.severity - a.severity || Date.parse(b.firstSeen) - Date.parse(a.firstSeen) || a.id.localeCompare(b.id);
}

/** When it was resolved (its last resolve in the history), else when it was last seen. */
export function resolvedAt(incident: Incident): string {
  return [...incident.history].reverse().find((h) => h.action === 'resolve')?.at ?? incident.lastSeen;
}

export interface CriticalAlert {
  incidentId: string;
  zoneId: string;
  /** Distinguishes two alerts for the same incident, so watchers fire each time. */
  seq: number;
}

/** What became of the operator's last action, in words for the panel. */
export interface ActionOutcome {
  incidentId: string;
  ok: boolean;
  message: string;
}

export const useIncidentsStore = defineStore('incidents', () => {
  const byId = shallowRef(new Map<string, Incident>());
  /** Recently resolved (or closed) incidents, once the operator looked at them. */
  const doneById = shallowRef(new Map<string, Incident>());
  const resolvedLoaded = ref(false);
  const resolvedError = ref<string | null>(null);
  const selectedId = ref<string | null>(null);
  const criticalAlert = ref<CriticalAlert | null>(null);
  const error = ref<string | null>(null);
  /** The action being sent (its name), so buttons wait for the answer instead of sending twice. */
  const pending = ref<IncidentActionRequest['action'] | null>(null);
  const outcome = ref<ActionOutcome | null>(null);
  let alertSeq = 0;
  // Pushes received while a hydrate request is in flight; re-applied over the older snapshot.
  let pushedDuringHydrate: Incident[] | null = null;

  const queue = computed(() => [...byId.value.values()].sort(comparePriority));
  const resolved = computed(() =>
    [...doneById.value.values()].sort(
      (a, b) => Date.parse(resolvedAt(b)) - Date.parse(resolvedAt(a)) || a.id.localeCompare(b.id),
    ),
  );
  /** The open queue by case (one row per situation). */
  const cases = computed(() => groupCases(queue.value));
  const hasExercise = computed(() => queue.value.some((i) => i.mode === 'exercise'));
  const selected = computed(() =>
    selectedId.value ? (byId.value.get(selectedId.value) ?? doneById.value.get(selectedId.value) ?? null) : null,
  );

  function place(open: Map<string, Incident>, done: Map<string, Incident> | null, incident: Incident): void {
    // The queue holds open incidents only; a resolved one moves to the resolved list.
    if (isOpen(incident)) {
      open.set(incident.id, incident);
      done?.delete(incident.id);
    } else {
      open.delete(incident.id);
      done?.set(incident.id, incident);
    }
  }

  function trimmed(done: Map<string, Incident>): Map<string, Incident> {
    const newest = [...done.values()]
      .sort((a, b) => Date.parse(resolvedAt(b)) - Date.parse(resolvedAt(a)))
      .slice(0, RESOLVED_KEPT);
    const kept = new Map(newest.map((i) => [i.id, i]));
    const sel = selectedId.value ? done.get(selectedId.value) : undefined;
    if (sel) kept.set(sel.id, sel);
    return kept;
  }

  function upsert(incident: Incident): void {
    const before = byId.value.get(incident.id);
    // Pushes from different API instances (and an action's answer) may overtake each other.
    if (isOlderIncident(incident, before ?? doneById.value.get(incident.id))) return;
    const open = new Map(byId.value);
    const done = new Map(doneById.value);
    place(open, done, incident);
    byId.value = open;
    doneById.value = done.size > RESOLVED_KEPT ? trimmed(done) : done;
    pushedDuringHydrate?.push(incident);
    const newlyCritical = incident.severity === 5 && (!before || before.severity < 5);
    if (newlyCritical && isOpen(incident)) {
      criticalAlert.value = { incidentId: incident.id, zoneId: incident.zoneId, seq: ++alertSeq };
    }
  }

  async function hydrate(): Promise<void> {
    pushedDuringHydrate = [];
    try {
      const list = await api.incidents({ status: 'open', limit: QUEUE_LIMIT });
      const next = new Map<string, Incident>();
      for (const incident of list) place(next, null, incident);
      for (const incident of pushedDuringHydrate)
        if (!isOlderIncident(incident, next.get(incident.id))) place(next, null, incident);
      byId.value = next;
      if (selectedId.value && !next.has(selectedId.value) && !doneById.value.has(selectedId.value))
        selectedId.value = null;
      error.value = null;
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      pushedDuringHydrate = null;
    }
    if (resolvedLoaded.value) await loadResolved();
  }

  /** The recently resolved incidents (newest resolve first), for the queue's Resolved tab. */
  async function loadResolved(): Promise<void> {
    try {
      const list = await api.incidents({ status: 'resolved', limit: RESOLVED_LIMIT });
      const next = new Map<string, Incident>();
      for (const incident of list)
        if (!isOpen(incident) && !byId.value.has(incident.id)) next.set(incident.id, incident);
      doneById.value = next;
      resolvedLoaded.value = true;
      resolvedError.value = null;
    } catch (err) {
      resolvedError.value = (err as Error).message;
    }
  }

  function select(id: string | null): void {
    selectedId.value = id && (byId.value.has(id) || doneById.value.has(id)) ? id : null;
    if (outcome.value && outcome.value.incidentId !== selectedId.value) outcome.value = null;
  }

  /** Sends an operator's action; true when the server took it (or it already held). */
  async function act(id: string, request: IncidentActionRequest): Promise<boolean> {
    if (pending.value) return false;
    pending.value = request.action;
    try {
      const res = await api.incidentAction(id, request);
      upsert(res.incident);
      outcome.value = { incidentId: id, ok: true, message: res.changed ? '' : (res.message ?? 'Nothing to change.') };
      return true;
    } catch (err) {
      // The server's words say why (a 409: "resolved by … at …: reopen it first").
      outcome.value = { incidentId: id, ok: false, message: (err as Error).message.replace(/^POST \S+ failed: /, '') };
      return false;
    } finally {
      pending.value = null;
    }
  }

  /** The other incidents of an incident's case, open or recently resolved, by priority. */
  function caseParts(incident: Incident): Incident[] {
    if (!incident.caseId) return [];
    return [...byId.value.values(), ...doneById.value.values()]
      .filter((i) => i.caseId === incident.caseId && i.id !== incident.id)
      .sort(comparePriority);
  }

  /**
   * Acknowledging a case acknowledges its parts not yet acknowledged, one by one (each is the
   * server's decision, as for a single one); taking on and resolving stay per part, since each
   * has its own checklist and reason. True when every part was taken.
   */
  async function acknowledgeCase(caseId: string): Promise<boolean> {
    const parts = [...byId.value.values()].filter((i) => i.caseId === caseId && i.status === 'new');
    let ok = true;
    for (const p of parts) ok = (await act(p.id, { action: 'acknowledge' })) && ok;
    return ok;
  }

  function dehydrate(): void {
    byId.value = new Map();
    doneById.value = new Map();
    resolvedLoaded.value = false;
    resolvedError.value = null;
    selectedId.value = null;
    criticalAlert.value = null;
    error.value = null;
    outcome.value = null;
  }

  return {
    byId,
    doneById,
    queue,
    cases,
    resolved,
    resolvedLoaded,
    resolvedError,
    hasExercise,
    selectedId,
    selected,
    criticalAlert,
    error,
    pending,
    outcome,
    upsert,
    hydrate,
    loadResolved,
    select,
    act,
    caseParts,
    acknowledgeCase,
    dehydrate,
  };
});
