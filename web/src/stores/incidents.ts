// The operator's queue of open incidents, the one they selected, and the last new critical
// one (the map flies to it). Incident pushes carry the whole record: insert or replace by id.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Incident, IncidentStatus } from '@portwatch/schema';
import { api } from '../services/api.ts';

const CLOSED: readonly IncidentStatus[] = ['resolved', 'closed'];
const QUEUE_LIMIT = 200;

export function isOpen(incident: Incident): boolean {
  return !CLOSED.includes(incident.status);
}

/** Most severe first; within a severity the newest first, so a fresh critical tops the queue. */
export function comparePriority(a: Incident, b: Incident): number {
  return b.severity - a.severity || Date.parse(b.firstSeen) - Date.parse(a.firstSeen) || a.id.localeCompare(b.id);
}

export interface CriticalAlert {
  incidentId: string;
  zoneId: string;
  /** Distinguishes two alerts for the same incident, so watchers fire each time. */
  seq: number;
}

export const useIncidentsStore = defineStore('incidents', () => {
  const byId = shallowRef(new Map<string, Incident>());
  const selectedId = ref<string | null>(null);
  const criticalAlert = ref<CriticalAlert | null>(null);
  const error = ref<string | null>(null);
  let alertSeq = 0;
  // Pushes received while a hydrate request is in flight; re-applied over the older snapshot.
  let pushedDuringHydrate: Incident[] | null = null;

  const queue = computed(() => [...byId.value.values()].sort(comparePriority));
  const hasExercise = computed(() => queue.value.some((i) => i.mode === 'exercise'));
  const selected = computed(() => (selectedId.value ? (byId.value.get(selectedId.value) ?? null) : null));

  function place(map: Map<string, Incident>, incident: Incident): void {
    // The queue holds open incidents only; a resolved one leaves it (the server keeps history).
    if (isOpen(incident)) map.set(incident.id, incident);
    else map.delete(incident.id);
  }

  function upsert(incident: Incident): void {
    const before = byId.value.get(incident.id);
    const next = new Map(byId.value);
    place(next, incident);
    byId.value = next;
    pushedDuringHydrate?.push(incident);
    if (!isOpen(incident) && selectedId.value === incident.id) selectedId.value = null;
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
      for (const incident of list) place(next, incident);
      for (const incident of pushedDuringHydrate) place(next, incident);
      byId.value = next;
      if (selectedId.value && !next.has(selectedId.value)) selectedId.value = null;
      error.value = null;
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      pushedDuringHydrate = null;
    }
  }

  function select(id: string | null): void {
    selectedId.value = id && byId.value.has(id) ? id : null;
  }

  function dehydrate(): void {
    byId.value = new Map();
    selectedId.value = null;
    criticalAlert.value = null;
    error.value = null;
  }

  return { byId, queue, hasExercise, selectedId, selected, criticalAlert, error, upsert, hydrate, select, dehydrate };
});
