// Draws vessels and drones (stores/tracks.ts) with one canvas layer (map/track-canvas-layer.ts)
// and lets the operator point at one: hovering shows its details and its tail, a click keeps
// them (selects it), Escape or a click on empty water lets go.
import { onBeforeUnmount, shallowRef, watch, type Ref, type ShallowRef } from 'vue';
import L from 'leaflet';
import type { Track } from '../stores/tracks.ts';
import { TrackCanvasLayer } from '../map/track-canvas-layer.ts';
import { trackDetails } from '../map/track-details.ts';

/** Above sensor markers (600), below zone labels and tooltips (650). */
const PANE = 'pw-tracks';

export interface TrackLayerHandle {
  /** The track clicked last, until Escape or a click beside any track. */
  selected: ShallowRef<Track | null>;
  hovered: ShallowRef<Track | null>;
}

export function useTrackLayer(
  map: ShallowRef<L.Map | null>,
  tracks: () => readonly Track[],
  now: Readonly<Ref<number>>,
): TrackLayerHandle {
  const selected = shallowRef<Track | null>(null);
  const hovered = shallowRef<Track | null>(null);
  let layer: TrackCanvasLayer | null = null;
  let tip: L.Tooltip | null = null;
  let attached: L.Map | null = null;

  function showDetails(): void {
    const m = attached;
    const track = hovered.value ?? selected.value;
    if (!m || !track) {
      tip?.remove();
      return;
    }
    const head = track.points[track.points.length - 1];
    if (!head) return;
    tip ??= L.tooltip({ direction: 'top', offset: [0, -10], className: 'pw-track-tip' });
    tip.setLatLng([head.lat, head.lon]).setContent(trackDetails(track, now.value));
    if (!m.hasLayer(tip)) tip.addTo(m);
  }

  function highlight(): void {
    layer?.setHighlight(selected.value?.key ?? null, hovered.value?.key ?? null);
    const container = attached?.getContainer();
    if (container) container.style.cursor = hovered.value ? 'pointer' : '';
    showDetails();
  }

  function onMove(e: L.LeafletMouseEvent): void {
    const track = layer?.trackAt(e.containerPoint) ?? null;
    if (track?.key === hovered.value?.key) return;
    hovered.value = track;
    highlight();
  }
  function onOut(): void {
    if (!hovered.value) return;
    hovered.value = null;
    highlight();
  }
  function onClick(e: L.LeafletMouseEvent): void {
    selected.value = layer?.trackAt(e.containerPoint) ?? null;
    highlight();
  }
  function onKey(e: KeyboardEvent): void {
    const typing = e.target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName);
    if (e.key !== 'Escape' || typing || !selected.value) return;
    // The first Escape lets go of the vessel; only the next one closes an open incident panel.
    e.stopPropagation();
    selected.value = null;
    highlight();
  }

  function attach(m: L.Map): void {
    if (!m.getPane(PANE)) {
      const pane = m.createPane(PANE);
      pane.style.zIndex = '620';
      pane.style.pointerEvents = 'none';
    }
    layer = new TrackCanvasLayer({ pane: PANE }).addTo(m);
    m.on('mousemove', onMove);
    m.on('mouseout', onOut);
    m.on('click', onClick);
    document.addEventListener('keydown', onKey, true);
    attached = m;
  }

  function detach(): void {
    if (!attached) return;
    attached.off('mousemove', onMove).off('mouseout', onOut).off('click', onClick);
    document.removeEventListener('keydown', onKey, true);
    layer?.remove();
    tip?.remove();
    layer = null;
    tip = null;
    attached = null;
  }

  // Redrawn when the tracks change, and as time passes (a quiet vessel fades).
  watch(
    [map, tracks, now],
    ([m, list, at]) => {
      if (m !== attached) {
        detach();
        if (m) attach(m);
      }
      if (!layer) return;
      layer.setTracks(list, at);
      // The selected and hovered tracks are the same vessels in the new list, at their new place.
      const find = (t: Track | null) => (t ? (list.find((x) => x.key === t.key) ?? null) : null);
      selected.value = find(selected.value);
      hovered.value = find(hovered.value);
      highlight();
    },
    { immediate: true },
  );
  onBeforeUnmount(detach);

  return { selected, hovered };
}
