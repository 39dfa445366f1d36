// An analyst's replay: the situation picture at a time cursor, in this browser only. A
// snapshot at the cursor (GET /api/situation?at) and the changes after it
// (/api/situation/changes) move the cursor forward without asking again each frame; the live
// stores keep following "now" underneath, and nothing here reaches the server's live state.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Incident, IndicatorDensity, Situation, SituationChange } from '@portwatch/schema';
import { api } from '../services/api.ts';
// The same reducer the server plays with: the picture replayed here is the one it answers.
import {
  applyChanges,
  pictureOf,
  situationOf,
  situationTrackKey as trackKey,
  type SituationPicture,
} from '@portwatch/schema/situation';
import { replayTrack } from '../replay/replay-tracks.ts';
import { comparePriority } from './incidents.ts';
import { MAX_TAIL_POINTS, type Track, type TrackPoint } from './tracks.ts';
import type { ZoneDisplay } from './zones.ts';
import type { RateByMinute } from './indicators.ts';

export type ReplaySpeed = 1 | 10 | 60 | 'max';
export const SPEEDS: readonly ReplaySpeed[] = [1, 10, 60, 'max'];
/** "max": an hour of port time per second, as fast as the changes come in. */
const MAX_RATE = 3600;
/** Changes loaded ahead of the cursor per request. */
export const WINDOW_MS = 10 * 60_000;
const CHANGES_LIMIT = 20_000;
/** What the step buttons and the arrow keys move. */
export const STEP_MS = 60_000;
export const TICK_MS = 100;
const MINUTE = 60_000;
/** The bar's span choices, ending now. */
export const SPANS = { '1 h': 3_600_000, '6 h': 6 * 3_600_000, '24 h': 24 * 3_600_000, '7 d': 7 * 24 * 3_600_000 };
export type SpanName = keyof typeof SPANS;
export const DENSITY_BUCKETS = 240;

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
  const density = shallowRef<IndicatorDensity | null>(null);
  const rate = shallowRef<RateByMinute>(new Map());
  const selectedId = ref<string | null>(null);

  let base: Situation | null = null;
  let basePicture: SituationPicture | null = null;
  /** The picture played forward so far, and the cursor it was played to. */
  let played: SituationPicture | null = null;
  let playedTo = 0;
  let changes: SituationChange[] = [];
  /** Changes are complete up to here (epoch ms). */
  let loadedTo = 0;
  let more: Promise<void> | null = null;
  /** Each load bumps it; answers to an older one are dropped. */
  let generation = 0;
  let tails = new Map<string, TrackPoint[]>();
  let rateWindow = { from: 0, to: 0 };
  let timer: ReturnType<typeof setInterval> | null = null;
  let lastTick = 0;

  const tracks = computed<Track[]>(() => {
    const p = picture.value;
    if (!p) return [];
    const at = Date.parse(p.at);
    const out: Track[] = [];
    for (const t of p.tracks) {
      const shown = replayTrack(t, tails.get(trackKey(t)) ?? [], at);
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

  function addTail(key: string, point: TrackPoint): void {
    const list = tails.get(key);
    if (!list) tails.set(key, [point]);
    else {
      list.push(point);
      if (list.length > MAX_TAIL_POINTS * 2) list.splice(0, list.length - MAX_TAIL_POINTS);
    }
  }

  /** The picture at `to` from the base snapshot, or onward from the picture played so far. */
  function advance(to: number): void {
    if (!base || !basePicture) return;
    const onward = played !== null && playedTo <= to;
    if (!onward) {
      played = basePicture;
      playedTo = Date.parse(base.at);
      tails = new Map(base.tracks.map((t) => [trackKey(t), [{ lat: t.lat, lon: t.lon, t: Date.parse(t.time) }]]));
    }
    const slice = changes.slice(firstAfter(playedTo), firstAfter(to));
    for (const c of slice)
      if (c.kind === 'track')
        addTail(trackKey(c.track), { lat: c.track.lat, lon: c.track.lon, t: Date.parse(c.track.time) });
    if (slice.length) played = applyChanges(played!, slice);
    playedTo = to;
    picture.value = situationOf(played!, to);
  }

  /** Index of the first loaded change after `t` (binary search: changes are in time order). */
  function firstAfter(t: number): number {
    let lo = 0;
    let hi = changes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (Date.parse(changes[mid].t) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  async function loadMore(gen: number): Promise<void> {
    const from = loadedTo;
    const to = Math.min(from + WINDOW_MS, Date.now());
    if (to <= from) return;
    const page = await api.situationChanges({
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      limit: CHANGES_LIMIT,
    });
    if (gen !== generation) return;
    changes = changes.concat(page.changes);
    loadedTo = page.next ? Date.parse(page.next) : to;
  }

  function ensureAhead(): void {
    if (more || !base || loadedTo - cursor.value > WINDOW_MS / 2 || loadedTo >= Date.now() - 1000) return;
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
      base = snap;
      basePicture = pictureOf(snap);
      played = null;
      picture.value = null;
      changes = [];
      loadedTo = Date.parse(snap.at);
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

  async function loadRate(t: number): Promise<void> {
    const from = Math.floor(t / MINUTE) * MINUTE - 59 * MINUTE;
    const to = from + 60 * MINUTE + WINDOW_MS;
    rateWindow = { from, to };
    try {
      const d = await api.situationDensity({
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        buckets: (to - from) / MINUTE,
      });
      const next: RateByMinute = new Map();
      for (const b of d.buckets)
        next.set(Math.floor(Date.parse(b.t) / MINUTE) * MINUTE, { physical: b.physical, cyber: b.cyber });
      rate.value = next;
    } catch {
      rate.value = new Map(); // the chart says it is empty; the picture still shows
    }
  }

  async function loadDensity(): Promise<void> {
    try {
      density.value = await api.situationDensity({
        from: new Date(range.value.from).toISOString(),
        to: new Date(range.value.to).toISOString(),
        buckets: DENSITY_BUCKETS,
      });
    } catch (err) {
      density.value = null;
      error.value = `Cannot load the indicator density: ${(err as Error).message}`;
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
    if (base && to >= Date.parse(base.at) && to <= loadedTo) {
      advance(to);
      ensureAhead();
    } else void loadAt(to);
    if (to < rateWindow.from + 59 * MINUTE || to > rateWindow.to) void loadRate(to);
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
    if (base && next > loadedTo && loadedTo < Date.now() - 1000) next = loadedTo;
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
    base = null;
    basePicture = null;
    played = null;
    changes = [];
    loadedTo = 0;
    tails = new Map();
    picture.value = null;
    rate.value = new Map();
    rateWindow = { from: 0, to: 0 };
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
