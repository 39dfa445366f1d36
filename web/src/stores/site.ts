// The site plan (zones, sensors, assets) and what the server says about itself. Loaded once
// per session; the map cannot draw anything before it arrives.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { api } from '../services/api.ts';
import type { Health, SiteView } from '../services/api-types.ts';

export const useSiteStore = defineStore('site', () => {
  // shallowRef: the GeoJSON is read-only and large; deep reactivity would only cost time.
  const site = shallowRef<SiteView | null>(null);
  const health = ref<Health | null>(null);
  const error = ref<string | null>(null);

  const zoneNames = computed(
    () => new Map((site.value?.zones.features ?? []).map((f) => [f.properties.id, f.properties.name])),
  );
  /** Simulated sensors must never be mistaken for a real port: the header says so. */
  const simulated = computed(() => health.value?.simulated === true);

  function zoneName(zoneId: string): string {
    return zoneNames.value.get(zoneId) ?? zoneId;
  }

  async function hydrate(): Promise<void> {
    // Health is optional decoration; a failing health check must not keep the map away.
    const [siteResult, healthResult] = await Promise.allSettled([api.site(), api.health()]);
    if (siteResult.status === 'fulfilled') {
      site.value = siteResult.value;
      error.value = null;
    } else {
      error.value = (siteResult.reason as Error).message;
    }
    if (healthResult.status === 'fulfilled') health.value = healthResult.value;
  }

  function dehydrate(): void {
    site.value = null;
    health.value = null;
    error.value = null;
  }

  return { site, health, error, simulated, zoneName, hydrate, dehydrate };
});
