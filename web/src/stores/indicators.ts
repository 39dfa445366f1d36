// Recent indicators and the per-minute rate the chart draws. The live link sends counts and
// the newest few indicators in batches (every indicator stays available over REST); they
// are applied a few times per second, and the list is bounded, so a burst cannot freeze
// the operator's screen.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { Domain, Indicator } from '@portwatch/schema';
import type { LiveCount } from '@portwatch/schema/live';
import { api } from '../services/api.ts';

export const MAX_RECENT = 500;
export const FLUSH_MS = 250;
export const RATE_WINDOW_MIN = 60;
const MINUTE = 60_000;

export type RateCounts = Record<Domain, number>;
/** Start of minute (epoch ms) → counts per domain. */
export type RateByMinute = Map<number, RateCounts>;

function minuteOf(iso: string): number {
  return Math.floor(Date.parse(iso) / MINUTE) * MINUTE;
}

export const useIndicatorsStore = defineStore('indicators', () => {
  const recent = shallowRef<Indicator[]>([]);
  const rate = shallowRef<RateByMinute>(new Map());
  const error = ref<string | null>(null);

  // Plain (non-reactive) working state between flushes.
  let pending: Indicator[] = [];
  let counts: RateByMinute = new Map();
  let timer: ReturnType<typeof setTimeout> | null = null;

  function count(indicator: Indicator): void {
    // Exercise and replay traffic is never mixed into live figures.
    if (indicator.mode !== 'live') return;
    const minute = minuteOf(indicator.time);
    if (!Number.isFinite(minute)) return;
    const c = counts.get(minute) ?? { physical: 0, cyber: 0 };
    c[indicator.domain] += 1;
    counts.set(minute, c);
  }

  function prune(now: number): void {
    const oldest = Math.floor(now / MINUTE) * MINUTE - RATE_WINDOW_MIN * MINUTE;
    for (const minute of counts.keys()) if (minute < oldest) counts.delete(minute);
  }

  function receive(indicator: Indicator): void {
    count(indicator);
    pending.push(indicator);
    // A background tab runs timers rarely; only the newest MAX_RECENT can ever be shown.
    if (pending.length > 2 * MAX_RECENT) pending = pending.slice(-MAX_RECENT);
    timer ??= setTimeout(flush, FLUSH_MS);
  }

  /** What a live batch carries: the newest indicators (newest first) and counts to add. */
  function receiveBatch(newestFirst: Indicator[], added: LiveCount[]): void {
    for (let i = newestFirst.length - 1; i >= 0; i--) pending.push(newestFirst[i]);
    if (pending.length > 2 * MAX_RECENT) pending = pending.slice(-MAX_RECENT);
    addCounts(added, (c, n) => c + n);
    timer ??= setTimeout(flush, FLUSH_MS);
  }

  /**
   * A snapshot's counts (only what the server saw since it started): per minute the higher of
   * them and ours, so a snapshot never lowers what the REST reload filled in.
   */
  function receiveCounts(snapshot: LiveCount[]): void {
    const fresh = new Map<string, LiveCount>();
    for (const c of snapshot) {
      const k = `${c.minute}|${c.domain}`;
      const f = fresh.get(k);
      fresh.set(k, f ? { ...f, n: f.n + c.n } : { ...c });
    }
    addCounts([...fresh.values()], Math.max);
    timer ??= setTimeout(flush, FLUSH_MS);
  }

  function addCounts(list: LiveCount[], merge: (ours: number, theirs: number) => number): void {
    for (const { minute: iso, domain, n } of list) {
      const minute = minuteOf(iso);
      if (!Number.isFinite(minute)) continue;
      const c = counts.get(minute) ?? { physical: 0, cyber: 0 };
      c[domain] = merge(c[domain], n);
      counts.set(minute, c);
    }
  }

  function flush(now = Date.now()): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.length) {
      const newestFirst = pending.reverse();
      pending = [];
      recent.value = newestFirst.concat(recent.value).slice(0, MAX_RECENT);
    }
    prune(now);
    rate.value = new Map(counts);
  }

  async function hydrate(now = Date.now()): Promise<void> {
    try {
      const since = new Date(now - RATE_WINDOW_MIN * MINUTE).toISOString();
      const [list, buckets] = await Promise.all([
        api.indicators({ since, limit: MAX_RECENT }),
        api.indicatorRate(RATE_WINDOW_MIN),
      ]);
      // Merge rather than replace: pushes flushed while the request was in flight are newer.
      const seen = new Set<string>();
      recent.value = recent.value
        .concat(list)
        .filter((i) => !seen.has(i.id) && seen.add(i.id))
        .sort((a, b) => Date.parse(b.time) - Date.parse(a.time))
        .slice(0, MAX_RECENT);
      // The server's counts replace ours; a push counted in the instant between the server's
      // snapshot and this line is counted twice — one indicator, not worth a protocol.
      counts = new Map(buckets.map((b) => [minuteOf(b.minute), { physical: b.physical, cyber: b.cyber }]));
      flush(now);
      error.value = null;
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  function dehydrate(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    pending = [];
    counts = new Map();
    recent.value = [];
    rate.value = new Map();
    error.value = null;
  }

  return { recent, rate, error, receive, receiveBatch, receiveCounts, flush, hydrate, dehydrate };
});
