// The analyst's exercises: the site's scenarios, the exercises run (newest first), the one
// being looked at (polled while it runs: its MSEL is scored on the server), and reviews with
// their lessons learned.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Exercise, ExerciseReview, ExerciseSpeed, IncidentReview, ScenarioSummary } from '@portwatch/schema';
import { api } from '../services/api.ts';

const POLL_MS = 1000;

export const useExercisesStore = defineStore('exercises', () => {
  const scenarios = shallowRef<ScenarioSummary[]>([]);
  const list = shallowRef<Exercise[]>([]);
  const current = shallowRef<Exercise | null>(null);
  const review = shallowRef<ExerciseReview | IncidentReview | null>(null);
  const error = ref<string | null>(null);
  const starting = ref(false);
  const saving = ref(false);
  const saved = ref<string | null>(null);
  let timer: ReturnType<typeof setInterval> | null = null;

  const running = computed(() => list.value.filter((e) => e.status === 'running'));

  async function guard<T>(fn: () => Promise<T>): Promise<T | null> {
    try {
      const v = await fn();
      error.value = null;
      return v;
    } catch (err) {
      error.value = (err as Error).message.replace(/^(GET|POST) \S+ failed: /, '');
      return null;
    }
  }

  async function loadScenarios(): Promise<void> {
    scenarios.value = (await guard(api.scenarios)) ?? scenarios.value;
  }

  async function loadList(): Promise<void> {
    list.value = (await guard(api.exercises)) ?? list.value;
  }

  async function load(id: string): Promise<void> {
    const ex = await guard(() => api.exercise(id));
    if (ex) current.value = ex;
  }

  /** Starts one; its id, or null (the error says why). */
  async function start(scenario: string, speed: ExerciseSpeed): Promise<string | null> {
    starting.value = true;
    try {
      const res = await guard(() => api.startExercise({ scenario, speed }));
      if (res) await loadList();
      return res?.id ?? null;
    } finally {
      starting.value = false;
    }
  }

  async function stop(id: string): Promise<void> {
    const ex = await guard(() => api.stopExercise(id));
    if (ex) current.value = ex;
    await loadList();
  }

  /** Keeps the list (and the exercise looked at) current while the screen is open. */
  function startPolling(id: string | null): void {
    stopPolling();
    const tick = () => {
      void loadList();
      if (id) void load(id);
    };
    tick();
    timer = setInterval(tick, POLL_MS);
  }

  function stopPolling(): void {
    if (timer) clearInterval(timer);
    timer = null;
  }

  async function loadReview(kind: 'exercises' | 'incidents', id: string): Promise<void> {
    review.value = null;
    saved.value = null;
    review.value = await guard<ExerciseReview | IncidentReview>(() =>
      kind === 'exercises' ? api.exerciseReview(id) : api.incidentReview(id),
    );
  }

  async function saveLessons(kind: 'exercises' | 'incidents', id: string, lessons: string): Promise<boolean> {
    saving.value = true;
    try {
      const r = await guard<ExerciseReview | IncidentReview>(() =>
        kind === 'exercises' ? api.saveExerciseLessons(id, lessons) : api.saveIncidentLessons(id, lessons),
      );
      if (r) {
        review.value = r;
        saved.value = new Date().toISOString();
      }
      return r !== null;
    } finally {
      saving.value = false;
    }
  }

  function dehydrate(): void {
    stopPolling();
    scenarios.value = [];
    list.value = [];
    current.value = null;
    review.value = null;
    error.value = null;
  }

  return {
    scenarios,
    list,
    current,
    review,
    error,
    starting,
    saving,
    saved,
    running,
    loadScenarios,
    loadList,
    load,
    start,
    stop,
    startPolling,
    stopPolling,
    loadReview,
    saveLessons,
    dehydrate,
  };
});
