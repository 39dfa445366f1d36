// Boot: stores first, the REST snapshot, then the live link that keeps it current.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createRealtime } from './services/realtime.ts';
import { useConnectionStore } from './stores/connection.ts';
import { useIncidentsStore } from './stores/incidents.ts';
import { useIndicatorsStore } from './stores/indicators.ts';
import { useSiteStore } from './stores/site.ts';
import { useZonesStore } from './stores/zones.ts';
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
};
// Stores record their own load errors; the realtime service retries them once the link is up.
void Promise.all([stores.site.hydrate(), stores.zones.hydrate(), stores.incidents.hydrate(), stores.indicators.hydrate()]);
createRealtime(stores).start();
