// Live risk per zone. Live and exercise states are kept apart (DESIGN: exercise records are
// never mixed into live figures); the map shows whichever is higher and marks exercise.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { RiskLevel, ZoneState } from '@portwatch/schema';
import { api } from '../services/api.ts';

type ByZone = Record<string, ZoneState>;

export interface ZoneDisplay {
  level: RiskLevel;
  risk: number;
  exercise: boolean;
  openIncidents: number;
}

function isNewer(candidate: ZoneState, current: ZoneState | undefined): boolean {
  return !current || Date.parse(candidate.updatedAt) >= Date.parse(current.updatedAt);
}

export const useZonesStore = defineStore('zones', () => {
  const live = shallowRef<ByZone>({});
  const exercise = shallowRef<ByZone>({});
  const names = ref<Record<string, string>>({});
  const error = ref<string | null>(null);

  function bucketFor(mode: ZoneState['mode']) {
    if (mode === 'live') return live;
    if (mode === 'exercise') return exercise;
    return null; // replay states belong to a replay view with a time cursor, not to the live map
  }

  /** Applies a pushed state; an older state arriving late (e.g. during a re-hydrate) is ignored. */
  function apply(state: ZoneState): boolean {
    const bucket = bucketFor(state.mode);
    if (!bucket || !isNewer(state, bucket.value[state.zoneId])) return false;
    bucket.value = { ...bucket.value, [state.zoneId]: state };
    return true;
  }

  async function hydrate(): Promise<void> {
    try {
      // Exercise risk is asked for separately: the server never mixes it into live figures.
      const [liveStates, exerciseStates] = await Promise.all([api.zones(), api.zones({ mode: 'exercise' })]);
      const fresh: Record<'live' | 'exercise', ByZone> = { live: {}, exercise: {} };
      for (const s of [...liveStates, ...exerciseStates]) {
        if (s.name) names.value[s.zoneId] = s.name;
        if (s.mode === 'live' || s.mode === 'exercise') fresh[s.mode][s.zoneId] = s;
      }
      // Keep pushes that arrived while the request was in flight: they are newer than the snapshot.
      for (const [mode, bucket] of [
        ['live', live],
        ['exercise', exercise],
      ] as const) {
        const merged = fresh[mode];
        for (const [zoneId, pushed] of Object.entries(bucket.value)) {
          if (merged[zoneId] && Date.parse(pushed.updatedAt) > Date.parse(merged[zoneId].updatedAt))
            merged[zoneId] = pushed;
        }
        bucket.value = merged;
      }
      error.value = null;
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  function display(zoneId: string): ZoneDisplay | null {
    const l = live.value[zoneId];
    const x = exercise.value[zoneId];
    const shown = x && (!l || x.risk > l.risk) ? x : l;
    if (!shown) return null;
    return {
      level: shown.level,
      risk: Math.round(shown.risk),
      exercise: shown === x,
      openIncidents: shown.openIncidents,
    };
  }

  function dehydrate(): void {
    live.value = {};
    exercise.value = {};
    names.value = {};
    error.value = null;
  }

  return { live, exercise, names, error, apply, hydrate, display, dehydrate };
});
