// Draws vessels and drones (stores/tracks.ts): a marker where each is now, pointing the way
// it last moved, and a fading tail of where it has been. A vessel an AIS anomaly is about
// (gone dark, impossible jump, a shared MMSI) is drawn red with the anomaly in its tooltip;
// one not heard from for a while is drawn hollow. Markers carry `pw-track pw-track--<kind>`
// and data-track-id, for the eye and for tests.
import { onBeforeUnmount, watch, type Ref, type ShallowRef } from 'vue';
import L from 'leaflet';
import { STALE_MS, type Track } from '../stores/tracks.ts';

/** Degrees clockwise from north, from the last two points; null when it has not moved. */
export function headingOf(track: Pick<Track, 'points'>): number | null {
  const p = track.points;
  if (p.length < 2) return null;
  const a = p[p.length - 2];
  const b = p[p.length - 1];
  const dy = b.lat - a.lat;
  const dx = (b.lon - a.lon) * Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180);
  if (Math.abs(dx) < 1e-7 && Math.abs(dy) < 1e-7) return null;
  return ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360;
}

/** How a track looks now: the classes of its marker. */
export function trackClasses(track: Track, now: number): string {
  const classes = ['pw-track', `pw-track--${track.kind}`];
  if (track.alert) classes.push('pw-track--alert');
  if (now - track.lastSeen > STALE_MS) classes.push('pw-track--stale');
  if (track.mode !== 'live') classes.push('pw-track--exercise');
  return classes.join(' ');
}

function ago(ms: number): string {
  const min = Math.round(ms / 60_000);
  return min < 1 ? 'just now' : `${min} min ago`;
}

function tooltipFor(track: Track, now: number): HTMLElement {
  // DOM text, not an HTML string: names and titles come from what sensors broadcast.
  const box = document.createElement('div');
  const title = box.appendChild(document.createElement('strong'));
  title.textContent = track.mode === 'live' ? track.label : `${track.label} (EXERCISE)`;
  box.appendChild(document.createElement('br'));
  box.appendChild(document.createTextNode(`${track.detail} · ${ago(now - track.lastSeen)}`));
  if (track.alert) {
    box.appendChild(document.createElement('br'));
    const alert = box.appendChild(document.createElement('span'));
    alert.className = 'pw-track-tip__alert';
    alert.textContent = `⚠ ${track.alert.title}`;
  }
  return box;
}

function iconFor(track: Track, now: number): L.DivIcon {
  const heading = headingOf(track);
  // A vessel is an arrowhead when its course is known and a dot when not; a drone a diamond.
  const shape = track.kind === 'drone' ? 'diamond' : heading === null ? 'dot' : 'arrow';
  const turn = shape === 'arrow' ? ` style="transform: rotate(${heading!.toFixed(0)}deg)"` : '';
  return L.divIcon({
    className: 'pw-track-icon',
    html: `<span class="${trackClasses(track, now)} pw-track--${shape}" data-track-id="${track.key.replace(/[^\w:.-]/g, '_')}"${turn}></span>`,
    iconSize: [16, 16],
  });
}

export function useTrackLayer(map: ShallowRef<L.Map | null>, tracks: () => Track[], now: Readonly<Ref<number>>): void {
  const group = L.layerGroup();
  const drawn = new Map<string, { marker: L.Marker; tail: L.Polyline }>();

  function draw(list: Track[], at: number): void {
    const m = map.value;
    if (!m) return;
    if (!m.hasLayer(group)) group.addTo(m);
    const keep = new Set<string>();
    for (const track of list) {
      keep.add(track.key);
      const head = track.points[track.points.length - 1];
      if (!head) continue;
      const line = track.points.map((p) => [p.lat, p.lon] as L.LatLngTuple);
      const tailStyle: L.PolylineOptions = {
        color: track.alert ? '#ff6b6b' : track.kind === 'drone' ? '#b197fc' : '#66d9e8',
        weight: 2,
        opacity: at - track.lastSeen > STALE_MS ? 0.3 : 0.7,
        dashArray: track.mode === 'live' ? undefined : '4 4',
        interactive: false,
      };
      let shown = drawn.get(track.key);
      if (!shown) {
        const tail = L.polyline(line, tailStyle).addTo(group);
        const marker = L.marker([head.lat, head.lon], {
          icon: iconFor(track, at),
          keyboard: false,
          alt: track.label,
          zIndexOffset: 500,
        }).addTo(group);
        marker.bindTooltip(tooltipFor(track, at), { direction: 'top', offset: [0, -8] });
        shown = { marker, tail };
        drawn.set(track.key, shown);
      } else {
        shown.tail.setLatLngs(line).setStyle(tailStyle);
        shown.marker.setLatLng([head.lat, head.lon]).setIcon(iconFor(track, at));
        shown.marker.setTooltipContent(tooltipFor(track, at));
      }
    }
    for (const [key, shown] of drawn) {
      if (keep.has(key)) continue;
      group.removeLayer(shown.marker).removeLayer(shown.tail);
      drawn.delete(key);
    }
  }

  // Redrawn when the tracks change, and as time passes (a quiet vessel turns stale).
  watch([map, tracks, now], ([, list, at]) => draw(list, at), { immediate: true });
  onBeforeUnmount(() => {
    group.remove();
    drawn.clear();
  });
}
