// An analyst's replay: the situation picture at a time cursor, in this browser only. A
// snapshot at the cursor (GET /api/situation?at) and the changes after it
// (/api/situation/changes) move the cursor forward without asking again each frame; the live
// stores keep following "now" underneath, and nothing here reaches the server's live state.
// Playing the changes forward is replay/situation-playback.ts, the charts' data
// replay/replay-charts.ts; this store fetches, holds the cursor and runs the clock.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Incident, Situation } from '@portwatch/schema';
import { situationTrackKey as trackKey } from '@portwatch/schema/situation';
import { api } from '../services/api.ts';
import { replayTrack } from '../replay/replay-tracks.ts';
import { SituationPlayback } from '../replay/situation-playback.ts';
import { useReplayCharts } from '../replay/replay-charts.ts';
import {
  MAX_RATE,
  SPANS,
  STEP_MS,
  TICK_MS,
  WINDOW_MS,
  type ReplaySpeed,
  type SpanName,
} from '../replay/replay-settings.ts';
import { comparePriority } from './incidents.ts';
import type { Track } from './tracks.ts';
import type { ZoneDisplay } from './zones.ts';

const CHANGES_LIMIT = 20_000;
const MINUTE = 60_000;

export const useReplayStore = defineStore('replay', () => {
  const active = ref(false);
  /** Epoch ms of the moment shown. */
  const cursor = ref(0);
  const playing = ref(false);
  const speed = ref<ReplaySpeed>(60);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const picture = shallowRef<Situation | null>(null);
  // An hour by default: the density of a quiet day would not show the last few minutes.
  const span = ref<SpanName>('1 h');
  /** The bar's range: [from, to] epoch ms, `to` being when the replay (or span) was chosen. */
  const range = ref<{ from: number; to: number }>({ from: 0, to: 0 });
  const { density, rate, followCursor: followRate, loadDensity, clearRate } = useReplayCharts(range, error);
  const selectedId = ref<string | null>(null);

  /** The snapshot last loaded and the changes after it; null until one is, and back in live. */
  let playback: SituationPlayback | null = null;
  let more: Promise<void> | null = null;
  /** Each load bumps it; answers to an older one are dropped. */
  let generation = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  let lastTick = 0;

  const tracks = computed<Track[]>(() => {
    const p = picture.value;
    if (!p) return [];
    const at = Date.parse(p.at);
    const out: Track[] = [];
    for (const t of p.tracks) {
      const shown = replayTrack(t, playback?.tail(trackKey(t)) ?? [], at);
      if (shown) out.push(shown);
    }
    return out;
  });
  const queue = computed<Incident[]>(() => [...(picture.value?.incidents ?? [])].sort(comparePriority));
  const selected = computed(() => queue.value.find((i) => i.id === selectedId.value) ?? null);

  function display(zoneId: string): ZoneDisplay | null {
    const z = picture.value?.zones.find((x) => x.zoneId === zoneId);
    if (!z) return null;
    const open = picture.value!.incidents.filter((i) => i.zoneId === zoneId).length;
    return { level: z.level, risk: Math.round(z.risk), exercise: false, openIncidents: open };
  }

  function advance(to: number): void {
    if (!playback) return;
    picture.value = playback.pictureAt(to);
  }

  async function loadMore(gen: number): Promise<void> {
    const from = playback!.loadedTo;
    const to = Math.min(from + WINDOW_MS, Date.now());
    if (to <= from) return;
    const page = await api.situationChanges({
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      limit: CHANGES_LIMIT,
    });
    if (gen !== generation) return;
    playback!.add(page.changes, page.next ? Date.parse(page.next) : to);
  }

  function ensureAhead(): void {
    if (more || !playback || playback.loadedTo - cursor.value > WINDOW_MS / 2 || playback.loadedTo >= Date.now() - 1000)
      return;
    const gen = generation;
    more = loadMore(gen)
      .catch((err) => void (error.value = `Cannot load what happened next: ${(err as Error).message}`))
      .finally(() => (more = null));
  }

  async function loadAt(t: number): Promise<void> {
    const gen = ++generation;
    loading.value = true;
    try {
      const snap = await api.situation({ at: new Date(t).toISOString() });
      if (gen !== generation) return;
      playback = new SituationPlayback(snap);
      picture.value = null;
      await loadMore(gen);
      if (gen !== generation) return;
      advance(cursor.value);
      error.value = null;
    } catch (err) {
      if (gen === generation) error.value = `Cannot load the situation at that moment: ${(err as Error).message}`;
    } finally {
      if (gen === generation) loading.value = false;
    }
  }

  /** Moves the cursor; inside the loaded changes it is immediate, elsewhere a new snapshot. */
  function seek(t: number): void {
    const now = Date.now();
    if (!active.value) {
      active.value = true;
      if (!range.value.to) prepare();
      // A linked moment older than the span: the bar reaches back to it.
      if (t < range.value.from) {
        range.value = { from: t - 15 * MINUTE, to: range.value.to };
        void loadDensity();
      }
    }
    const to = Math.max(range.value.from, Math.min(now, Math.round(t)));
    cursor.value = to;
    if (playback?.covers(to)) {
      advance(to);
      ensureAhead();
    } else void loadAt(to);
    followRate(to);
  }

  /** The bar's range and density, ending now: shown before the analyst picks a moment. */
  function prepare(): void {
    const now = Date.now();
    range.value = { from: now - SPANS[span.value], to: now };
    void loadDensity();
  }

  function setSpan(name: SpanName): void {
    span.value = name;
    const now = Date.now();
    range.value = { from: now - SPANS[name], to: now };
    void loadDensity();
    if (active.value && cursor.value < range.value.from) seek(range.value.from);
  }

  function tick(): void {
    const now = performance.now();
    const dt = now - lastTick;
    lastTick = now;
    const rateX = speed.value === 'max' ? MAX_RATE : speed.value;
    let next = cursor.value + dt * rateX;
    // Playing waits for the changes ahead rather than jumping to a snapshot each frame.
    if (playback && next > playback.loadedTo && playback.loadedTo < Date.now() - 1000) next = playback.loadedTo;
    if (next >= Date.now()) {
      next = Date.now();
      pause();
    }
    if (next === cursor.value) return ensureAhead();
    seek(next);
  }

  function play(): void {
    if (!active.value || playing.value) return;
    playing.value = true;
    lastTick = performance.now();
    timer = setInterval(tick, TICK_MS);
  }
  function pause(): void {
    playing.value = false;
    if (timer) clearInterval(timer);
    timer = null;
  }
  function toggle(): void {
    if (playing.value) pause();
    else play();
  }
  function step(direction: 1 | -1): void {
    if (active.value) seek(cursor.value + direction * STEP_MS);
  }
  function select(id: string | null): void {
    selectedId.value = id;
  }

  /** Back to the live picture: nothing of the replay stays. */
  function backToLive(): void {
    pause();
    generation++;
    active.value = false;
    playback = null;
    picture.value = null;
    clearRate();
    selectedId.value = null;
    error.value = null;
    loading.value = false;
  }

  return {
    active,
    cursor,
    playing,
    speed,
    loading,
    error,
    picture,
    span,
    range,
    density,
    rate,
    selectedId,
    selected,
    tracks,
    queue,
    display,
    seek,
    prepare,
    setSpan,
    play,
    pause,
    toggle,
    step,
    select,
    tick,
    backToLive,
  };
});
