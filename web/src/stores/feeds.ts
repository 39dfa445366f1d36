// Feed health for the Feeds page: every declared feed with its status, polled while the
// page is open; the dead letters of the feed the engineer selected; and re-running them
// after the mapping was fixed.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { api } from '../services/api.ts';
import type { FeedHealthResponse, ReplayResponse, StoredDeadLetter } from '@portwatch/schema';

export const POLL_MS = 5000;

export const useFeedsStore = defineStore('feeds', () => {
  const health = shallowRef<FeedHealthResponse | null>(null);
  const error = ref<string | null>(null);
  const selectedId = ref<string | null>(null);
  const letters = shallowRef<StoredDeadLetter[]>([]);
  const lettersError = ref<string | null>(null);
  const replayTracked = ref(true);
  const replaying = ref(false);
  const lastReplay = shallowRef<ReplayResponse | null>(null);
  const replayError = ref<string | null>(null);
  let timer: ReturnType<typeof setInterval> | null = null;

  const feeds = computed(() => health.value?.feeds ?? []);
  const selected = computed(() => feeds.value.find((f) => f.id === selectedId.value) ?? null);
  /** Feeds that need a look first: the list is in feeds.yaml order, this is for a summary line. */
  const troubled = computed(() => feeds.value.filter((f) => f.tone === 'bad' || f.tone === 'warn'));

  async function hydrate(): Promise<void> {
    try {
      health.value = await api.feedHealth();
      error.value = null;
    } catch (err) {
      // Keep the last figures on screen; the page says they are stale.
      error.value = (err as Error).message;
    }
  }

  async function loadLetters(): Promise<void> {
    const feed = selectedId.value;
    if (!feed) return;
    try {
      const res = await api.deadLetters(feed, { limit: 50 });
      if (selectedId.value !== feed) return; // the engineer picked another feed meanwhile
      letters.value = res.letters;
      replayTracked.value = res.replayTracked;
      lettersError.value = null;
    } catch (err) {
      lettersError.value = (err as Error).message;
    }
  }

  async function select(feedId: string | null): Promise<void> {
    if (feedId === selectedId.value) return;
    selectedId.value = feedId;
    letters.value = [];
    lastReplay.value = null;
    replayError.value = null;
    await loadLetters();
  }

  /** Re-runs the selected feed's pending dead letters (or the given ones) through the pipeline as it is now. */
  async function replay(ids?: number[]): Promise<void> {
    const feed = selectedId.value;
    if (!feed || replaying.value) return;
    replaying.value = true;
    replayError.value = null;
    try {
      lastReplay.value = await api.replayDeadLetters(ids ? { feed, ids } : { feed });
    } catch (err) {
      replayError.value = (err as Error).message;
    } finally {
      replaying.value = false;
    }
    await Promise.all([loadLetters(), hydrate()]);
  }

  async function refresh(): Promise<void> {
    await Promise.all([hydrate(), loadLetters()]);
  }

  function startPolling(everyMs = POLL_MS): void {
    stopPolling();
    void refresh();
    timer = setInterval(() => void refresh(), everyMs);
  }

  function stopPolling(): void {
    if (timer) clearInterval(timer);
    timer = null;
  }

  function dehydrate(): void {
    stopPolling();
    health.value = null;
    error.value = null;
    selectedId.value = null;
    letters.value = [];
    lettersError.value = null;
    lastReplay.value = null;
    replayError.value = null;
  }

  return {
    health,
    error,
    feeds,
    selectedId,
    selected,
    troubled,
    letters,
    lettersError,
    replayTracked,
    replaying,
    lastReplay,
    replayError,
    hydrate,
    loadLetters,
    select,
    replay,
    refresh,
    startPolling,
    stopPolling,
    dehydrate,
  };
});
