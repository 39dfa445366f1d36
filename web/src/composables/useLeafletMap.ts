// Creates the Leaflet map on mount and disposes it on unmount. Layers are added by the
// other map composables; components never call Leaflet themselves.
import { onBeforeUnmount, onMounted, shallowRef, type Ref, type ShallowRef } from 'vue';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

export interface MapView {
  center: { lat: number; lon: number };
  zoom: number;
  /** Optional XYZ base map; without it the site plan is drawn on a plain dark background. */
  tileUrl: string | null;
  /** Below this zoom the plan is an overview: calm labels hide and sensors shrink to dots. */
  detailZoom?: number;
}

export function useLeafletMap(container: Ref<HTMLElement | null>, view: MapView): { map: ShallowRef<L.Map | null> } {
  const map = shallowRef<L.Map | null>(null);
  let resize: ResizeObserver | null = null;

  onMounted(() => {
    if (!container.value) return;
    const m = L.map(container.value, {
      center: [view.center.lat, view.center.lon],
      zoom: view.zoom,
      zoomSnap: 0.25,
      zoomDelta: 0.5,
      attributionControl: Boolean(view.tileUrl),
      // SVG, not canvas: zone polygons must be DOM elements with classes (tests and styling hook on them).
      renderer: L.svg({ padding: 0.5 }),
    });
    if (view.tileUrl) L.tileLayer(view.tileUrl, { maxZoom: 20 }).addTo(m);
    const overview = () => container.value?.classList.toggle('pw-map--overview', m.getZoom() < (view.detailZoom ?? 15));
    m.on('zoomend', overview);
    overview();
    // Leaflet measures its container once; the side panel or a window resize changes it.
    resize = new ResizeObserver(() => m.invalidateSize({ pan: false }));
    resize.observe(container.value);
    map.value = m;
  });

  onBeforeUnmount(() => {
    resize?.disconnect();
    // Removing the map removes every layer the other composables added to it.
    map.value?.remove();
    map.value = null;
  });

  return { map };
}
