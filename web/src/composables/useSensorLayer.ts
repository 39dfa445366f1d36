// Draws the site's sensors as small lettered markers with a name/kind tooltip.
import { watch, type ShallowRef } from 'vue';
import L from 'leaflet';
import type { FeatureCollection, SensorFeature } from '@portwatch/schema';
import { sensorGlyph } from '../map/sensor-glyph.ts';

function tooltipFor(name: string, kindLabel: string, vendor?: string): HTMLElement {
  // Built as DOM text, not an HTML string: names come from site files and must not be markup.
  const box = document.createElement('div');
  const title = box.appendChild(document.createElement('strong'));
  title.textContent = name;
  box.appendChild(document.createElement('br'));
  box.appendChild(document.createTextNode(vendor ? `${kindLabel} · ${vendor}` : kindLabel));
  return box;
}

export function useSensorLayer(map: ShallowRef<L.Map | null>, sensors: FeatureCollection<SensorFeature>): void {
  let drawn = false;
  watch(
    map,
    (m) => {
      if (!m || drawn) return;
      drawn = true;
      const group = L.layerGroup();
      for (const f of sensors.features) {
        const { id, name, kind, vendor } = f.properties;
        const glyph = sensorGlyph(kind);
        const [lon, lat] = f.geometry.coordinates;
        // The glyph is an inner element: Leaflet positions the outer one with a transform,
        // and the zoomed-out view shrinks the glyph with a transform of its own.
        const icon = L.divIcon({
          className: 'pw-sensor-icon',
          html: `<span class="pw-sensor pw-sensor--${glyph.shape} pw-sensor--${kind}">${glyph.letter}</span>`,
          iconSize: [18, 18],
        });
        L.marker([lat, lon], { icon, keyboard: false, alt: `${glyph.label} ${id}` })
          .bindTooltip(tooltipFor(name, glyph.label, vendor), { direction: 'top', offset: [0, -10] })
          .addTo(group);
      }
      group.addTo(m);
    },
    { immediate: true },
  );
}
