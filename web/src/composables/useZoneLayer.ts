// Draws the site's zones as polygons coloured by live risk and keeps them restyled as
// the stores change. Each <path> carries `pw-zone pw-zone--<id>` and data-zone-id.
import { onBeforeUnmount, ref, watch, watchEffect, type ShallowRef } from 'vue';
import L from 'leaflet';
import type { ZoneFeature, FeatureCollection } from '@portwatch/schema';
import { isCalm, zoneLabel, zonePathStyle, type ZoneLook } from '../map/zone-style.ts';
import { placeLabels } from '../map/label-placement.ts';

const FLASH_MS = 12_000;
// Close enough to read the zone, far enough to keep its neighbours in view.
const FOCUS = { padding: [60, 60] as L.PointTuple, maxZoom: 15.5 };

export interface ZoneLayer {
  /** Brings a zone into view if it is not already fully visible. */
  reveal(zoneId: string): void;
  /** Fits these zones into the map less the given padding (what floats over the map). */
  frame(zoneIds: readonly string[], padding: { topLeft: L.PointTuple; bottomRight: L.PointTuple }): void;
  /** The zones' box on screen, in page pixels, or null when none is drawn. */
  screenBox(zoneIds: readonly string[]): { left: number; top: number; right: number; bottom: number } | null;
  /** Flies to a zone and makes its outline pulse for a while (a new critical incident). */
  alert(zoneId: string): void;
}

function areaOnScreen(m: L.Map, path: L.Polygon): number {
  const b = path.getBounds();
  const ne = m.latLngToContainerPoint(b.getNorthEast());
  const sw = m.latLngToContainerPoint(b.getSouthWest());
  return Math.abs(ne.x - sw.x) * Math.abs(ne.y - sw.y);
}

export function useZoneLayer(
  map: ShallowRef<L.Map | null>,
  zones: FeatureCollection<ZoneFeature>,
  lookFor: (zoneId: string) => ZoneLook,
): ZoneLayer {
  const polygons = new Map<string, L.Polygon>();
  const labels = new Map<string, HTMLElement>();
  const names = new Map(zones.features.map((f) => [f.properties.id, f.properties.name]));
  const flashTimers = new Map<string, ReturnType<typeof setTimeout>>();
  // The restyle effect must re-run once the polygons exist (they are drawn after mount).
  const drawn = ref(false);

  watch(
    map,
    (m) => {
      if (!m || polygons.size) return;
      // Water first so the quays and terminals are drawn on top of the basins around them.
      const ordered = [...zones.features].sort(
        (a, b) => Number(b.properties.kind === 'water') - Number(a.properties.kind === 'water'),
      );
      const layer = L.geoJSON({ type: 'FeatureCollection', features: ordered } as GeoJSON.FeatureCollection, {
        style: (f) => ({
          ...zonePathStyle(lookFor(f!.properties.id)),
          className: `pw-zone pw-zone--${f!.properties.id}`,
        }),
        onEachFeature: (f, path) => {
          const id = f.properties.id as string;
          const label = document.createElement('span');
          labels.set(id, label);
          polygons.set(id, path as L.Polygon);
          (path as L.Polygon).bindTooltip(label, {
            permanent: true,
            direction: 'center',
            className: `pw-zone-label${f.properties.kind === 'water' ? ' pw-zone-label--water' : ''}`,
          });
        },
      }).addTo(m);
      for (const [id, path] of polygons) path.getElement()?.setAttribute('data-zone-id', id);
      const bounds = layer.getBounds();
      if (bounds.isValid()) m.fitBounds(bounds, { padding: [16, 16] });
      drawn.value = true;
      m.on('zoomend', fitLabels);
    },
    { immediate: true },
  );

  // Restyle on every change of what lookFor reads (zone states, the selected incident).
  watchEffect(() => {
    if (!drawn.value) return;
    for (const [id, path] of polygons) {
      const look = lookFor(id);
      path.setStyle(zonePathStyle(look));
      const label = labels.get(id)!;
      const text = zoneLabel(names.get(id) ?? id, look.level, look.exercise);
      if (label.textContent !== text) label.textContent = text;
      path.getTooltip()?.getElement()?.classList.toggle('pw-zone-label--calm', isCalm(look.level));
      if (look.highlight === 'primary') path.bringToFront();
    }
    fitLabels();
  });

  // Without a base map the labels are the only orientation, but on a zoomed-out plan the
  // labels of small neighbouring zones pile up: placeLabels hides calm ones that would cover
  // another and moves the ones needing attention to a free row. Measured where Leaflet puts
  // them (the shift is a margin: Leaflet owns the tooltip's transform).
  function fitLabels(): void {
    const m = map.value;
    if (!m) return;
    const entries = [...polygons.values()]
      .map((path) => ({ path, tip: path.getTooltip()?.getElement() }))
      .filter((e): e is { path: L.Polygon; tip: HTMLElement } => Boolean(e.tip));
    for (const e of entries) e.tip.style.marginTop = '';
    const places = placeLabels(
      entries.map((e) => ({
        box: e.tip.getBoundingClientRect(),
        calm: e.tip.classList.contains('pw-zone-label--calm'),
        areaPx: areaOnScreen(m, e.path),
      })),
    );
    entries.forEach((e, i) => {
      e.tip.classList.toggle('pw-zone-label--cramped', places[i].hidden);
      if (places[i].dy) e.tip.style.marginTop = `${places[i].dy}px`;
    });
  }

  onBeforeUnmount(() => flashTimers.forEach((t) => clearTimeout(t)));

  function boundsOf(zoneId: string): L.LatLngBounds | null {
    return polygons.get(zoneId)?.getBounds() ?? null;
  }

  function unionOf(zoneIds: readonly string[]): L.LatLngBounds | null {
    let b: L.LatLngBounds | null = null;
    for (const id of zoneIds) {
      const z = boundsOf(id);
      if (z) b = b ? b.extend(z) : L.latLngBounds(z.getSouthWest(), z.getNorthEast());
    }
    return b;
  }

  return {
    frame(zoneIds, padding) {
      const m = map.value;
      const b = unionOf(zoneIds);
      if (!m || !b) return;
      // The incident panel may just have opened beside the map: measure it as it is now.
      m.invalidateSize({ pan: false });
      m.fitBounds(b, {
        paddingTopLeft: padding.topLeft,
        paddingBottomRight: padding.bottomRight,
        maxZoom: FOCUS.maxZoom,
        animate: false,
      });
    },
    screenBox(zoneIds) {
      const m = map.value;
      const b = unionOf(zoneIds);
      if (!m || !b) return null;
      const box = m.getContainer().getBoundingClientRect();
      const nw = m.latLngToContainerPoint(b.getNorthWest());
      const se = m.latLngToContainerPoint(b.getSouthEast());
      return { left: box.left + nw.x, top: box.top + nw.y, right: box.left + se.x, bottom: box.top + se.y };
    },
    reveal(zoneId) {
      const m = map.value;
      const b = boundsOf(zoneId);
      if (m && b && !m.getBounds().contains(b)) m.flyToBounds(b, { ...FOCUS, duration: 0.6 });
    },
    alert(zoneId) {
      const m = map.value;
      const b = boundsOf(zoneId);
      const el = polygons.get(zoneId)?.getElement();
      if (!m || !b || !el) return;
      m.flyToBounds(b, { ...FOCUS, duration: 0.8 });
      el.classList.add('pw-zone--alert');
      clearTimeout(flashTimers.get(zoneId));
      flashTimers.set(
        zoneId,
        setTimeout(() => el.classList.remove('pw-zone--alert'), FLASH_MS),
      );
    },
  };
}
