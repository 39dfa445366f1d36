// Boot: stores first, then the sign-in (a sign-in link or this tab's earlier token). Once
// signed in: the REST snapshot, then the live link that keeps it current; signed out, both
// stop and the stores forget what they held.
import { createApp, watch } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createRealtime, feedTracks } from './services/realtime.ts';
import { useConnectionStore } from './stores/connection.ts';
import { useIncidentsStore } from './stores/incidents.ts';
import { useIndicatorsStore } from './stores/indicators.ts';
import { useSiteStore } from './stores/site.ts';
import { useZonesStore } from './stores/zones.ts';
import { useFeedsStore } from './stores/feeds.ts';
import { useTracksStore } from './stores/tracks.ts';
import { useSessionStore } from './stores/session.ts';
import './styles/theme.css';
import './styles/map.css';

const pinia = createPinia();
createApp(App).use(pinia).mount('#app');

const stores = {
  connection: useConnectionStore(pinia),
  site: useSiteStore(pinia),
  zones: useZonesStore(pinia),
  incidents: useIncidentsStore(pinia),
  indicators: useIndicatorsStore(pinia),
  tracks: useTracksStore(pinia),
};
const session = useSessionStore(pinia);
const live = createRealtime(stores, { token: () => session.token, onRefused: () => void session.recheck() });
feedTracks({ indicators: stores.indicators, tracks: stores.tracks });

watch(
  () => session.signedIn,
  (signedIn) => {
    if (signedIn) {
      // Stores record their own load errors; the realtime service retries them once the link is up.
      void Promise.all([
        stores.site.hydrate(),
        stores.zones.hydrate(),
        stores.incidents.hydrate(),
        stores.indicators.hydrate(),
      ]);
      live.start();
      return;
    }
    live.stop();
    for (const s of [stores.site, stores.zones, stores.incidents, stores.indicators, useFeedsStore(pinia)])
      s.dehydrate();
  },
);
void session.restore();
