// The track layer in a component, in jsdom: no pixels (jsdom has no 2D canvas), but the
// positions, the picking under the pointer, the details box and the keyboard are all real.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick, ref, shallowRef } from 'vue';
import { mount, type VueWrapper } from '@vue/test-utils';
import L from 'leaflet';
import { useLeafletMap } from './useLeafletMap.ts';
import { useTrackLayer, type TrackLayerHandle } from './useTrackLayer.ts';
import type { Track } from '../stores/tracks.ts';

const NOW = Date.parse('2025-03-14T02:30:00Z');

function vessel(id: string, lat: number, lon: number, over: Partial<Track> = {}): Track {
  return {
    key: `live:vessel:${id}`,
    kind: 'vessel',
    id,
    mode: 'live',
    label: `CIUDAD DE VALENCIA (MMSI ${id})`,
    detail: 'Under way using engine, 13.9 kn, course 40.4°',
    speed: '13.9 kn',
    course: 40.4,
    points: [{ lat, lon, t: NOW - 60_000 }],
    lastSeen: NOW - 60_000,
    alert: null,
    ...over,
  };
}

let wrapper: VueWrapper | null = null;

async function mountMap(list: Track[]) {
  const tracks = shallowRef(list);
  let map!: ReturnType<typeof useLeafletMap>['map'];
  let handle!: TrackLayerHandle;
  const Host = defineComponent({
    setup() {
      const container = ref<HTMLElement | null>(null);
      map = useLeafletMap(container, { center: { lat: 39.44, lon: -0.32 }, zoom: 14, tileUrl: null }).map;
      handle = useTrackLayer(map, () => tracks.value, ref(NOW));
      return () => h('div', { ref: container, style: 'width: 800px; height: 600px' });
    },
  });
  wrapper = mount(Host, { attachTo: document.body });
  await nextTick(); // the map exists once mounted; the layer joins it on the next tick
  const pointAt = (t: Track) => map.value!.latLngToContainerPoint([t.points[0].lat, t.points[0].lon]);
  const fire = (type: 'mousemove' | 'click', p: L.Point) =>
    map.value!.fire(type, { containerPoint: p, latlng: map.value!.containerPointToLatLng(p) });
  return { map, handle, tracks, pointAt, fire };
}

describe('track layer on the map', () => {
  beforeEach(() => {
    // jsdom lays nothing out: give the map a size, and frames that run when asked.
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => setTimeout(() => cb(0), 0));
    vi.stubGlobal('cancelAnimationFrame', (id: number) => clearTimeout(id));
    vi.stubGlobal(
      'ResizeObserver',
      class {
        observe() {}
        disconnect() {}
      },
    );
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  });
  afterEach(() => {
    wrapper?.unmount();
    wrapper = null;
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('shows the details of the vessel under the pointer, and nothing beside it', async () => {
    const ship = vessel('224123450', 39.44, -0.32, {
      alert: { type: 'ais.gap', title: 'CIUDAD DE VALENCIA went dark while under way', at: NOW },
    });
    const { pointAt, fire, handle } = await mountMap([ship, vessel('224123451', 39.45, -0.3)]);
    fire('mousemove', pointAt(ship).add([4, -3]));
    expect(handle.hovered.value?.id).toBe('224123450');
    const tip = document.querySelector('.leaflet-tooltip [data-testid="track-details"]') as HTMLElement;
    expect(tip.textContent).toContain('CIUDAD DE VALENCIA (MMSI 224123450)');
    expect(tip.textContent).toContain('13.9 kn');
    expect(tip.textContent).toContain('40.4°');
    expect(tip.textContent).toContain('went dark');
    fire('mousemove', pointAt(ship).add([40, 40]));
    expect(handle.hovered.value).toBeNull();
    expect(document.querySelector('[data-testid="track-details"]')).toBeNull();
  });

  it('keeps a clicked vessel selected as it moves, until Escape — which goes no further', async () => {
    const ship = vessel('224123450', 39.44, -0.32);
    const { pointAt, fire, handle, tracks } = await mountMap([ship]);
    fire('click', pointAt(ship));
    fire('mousemove', L.point(5, 5));
    expect(handle.selected.value?.id).toBe('224123450');
    expect(document.querySelector('[data-testid="track-details"]')).not.toBeNull();
    // The next flush moves it: still the selected vessel, at its new place.
    const moved = vessel('224123450', 39.441, -0.319);
    tracks.value = [moved];
    await nextTick();
    {
      expect(handle.selected.value).toBe(moved);
      const incidentPanel = vi.fn();
      document.addEventListener('keydown', incidentPanel);
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      expect(handle.selected.value).toBeNull();
      expect(document.querySelector('[data-testid="track-details"]')).toBeNull();
      expect(incidentPanel).not.toHaveBeenCalled(); // the first Escape only lets go of the vessel
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      expect(incidentPanel).toHaveBeenCalledTimes(1);
      document.removeEventListener('keydown', incidentPanel);
    }
  });

  it('draws into one canvas of its own pane, removed with the component', async () => {
    await mountMap([vessel('224123450', 39.44, -0.32)]);
    expect(document.querySelectorAll('.leaflet-pw-tracks-pane canvas[data-testid="track-canvas"]')).toHaveLength(1);
    wrapper!.unmount();
    wrapper = null;
    expect(document.querySelector('[data-testid="track-canvas"]')).toBeNull();
  });
});
