// What the replay's charts show: the indicator density over the bar's range, and the rate per
// minute around the cursor (the hour before it and the changes' window ahead), asked again
// only when the cursor leaves the minutes loaded. Part of the replay store's state.
import { shallowRef, type Ref } from 'vue';
import type { IndicatorDensity } from '@portwatch/schema';
import { api } from '../services/api.ts';
import type { RateByMinute } from '../stores/indicators.ts';
import { WINDOW_MS } from './replay-settings.ts';

const MINUTE = 60_000;
const DENSITY_BUCKETS = 240;

export function useReplayCharts(range: Ref<{ from: number; to: number }>, error: Ref<string | null>) {
  const density = shallowRef<IndicatorDensity | null>(null);
  const rate = shallowRef<RateByMinute>(new Map());
  let rateWindow = { from: 0, to: 0 };

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

  /** The rate around `t`, unless the minutes loaded already hold it. */
  function followCursor(t: number): void {
    if (t < rateWindow.from + 59 * MINUTE || t > rateWindow.to) void loadRate(t);
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

  function clearRate(): void {
    rate.value = new Map();
    rateWindow = { from: 0, to: 0 };
  }

  return { density, rate, followCursor, loadDensity, clearRate };
}
