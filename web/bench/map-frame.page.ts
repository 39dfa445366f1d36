// The reference page of the map bench (bench/src/suites/map.bench.ts): one Leaflet map, N
// vessels, drawn either by the app's track layer or by plain Leaflet canvas circle markers,
// both fed the same moves.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { TrackCanvasLayer } from '../src/map/track-canvas-layer.ts';
import type { Track } from '../src/stores/tracks.ts';

export type Drawer = 'track-layer' | 'leaflet-circles';

export interface FrameRun {
  frames: number[];
  /** ms from the first frame until every vessel was drawn once. */
  firstDrawMs: number;
  /** Mean ms of one hover pick (track layer only), after the grid is built. */
  pickMs?: number;
}

/** What the app's store hands the layer: a vessel at its latest fix with a short tail. */
function vessel(i: number, lat: number, lon: number, t: number, prev?: Track): Track {
  const points = prev
    ? [...prev.points.slice(-9), { lat, lon, t }]
    : [
        { lat: lat - 0.001, lon, t: t - 10_000 },
        { lat, lon, t },
      ];
  return {
    key: `live:vessel:${224000000 + i}`,
    kind: 'vessel',
    id: String(224000000 + i),
    mode: 'live',
    label: `MMSI ${224000000 + i}`,
    detail: 'Under way using engine, 9.0 kn',
    speed: '9.0 kn',
    course: 0,
    points,
    lastSeen: t,
    alert: i % 97 === 0 ? { type: 'ais.gap', title: 'went dark', at: t } : null,
  };
}

/**
 * Runs `ms` of frames with `n` vessels, each reporting every 10 s as in the test, applied
 * as the app's tracks store applies them: a batch (a tenth of them) once a second. Meanwhile the
 * operator drags the map (unless `pan` is false), so every frame is a full redraw for both drawers.
 */
async function run(drawer: Drawer, n: number, ms: number, pan = true): Promise<FrameRun> {
  const host = document.getElementById('map')!;
  const map = L.map(host, { center: [39.44, -0.32], zoom: 13, preferCanvas: true, zoomAnimation: false });
  const bounds = map.getBounds();
  let seed = 42;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  const dLat = new Float64Array(n);
  const dLon = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lat[i] = bounds.getSouth() + rand() * (bounds.getNorth() - bounds.getSouth());
    lon[i] = bounds.getWest() + rand() * (bounds.getEast() - bounds.getWest());
    const dir = rand() * 2 * Math.PI;
    dLat[i] = Math.cos(dir) * 0.0005;
    dLon[i] = Math.sin(dir) * 0.0005;
  }
  const start = performance.now();
  let tracks: Track[] = [];
  let layer: TrackCanvasLayer | null = null;
  const circles: L.CircleMarker[] = [];
  if (drawer === 'track-layer') {
    tracks = Array.from({ length: n }, (_, i) => vessel(i, lat[i], lon[i], Date.now()));
    layer = new TrackCanvasLayer().addTo(map);
    layer.setTracks(tracks, Date.now());
  } else {
    for (let i = 0; i < n; i++)
      circles.push(L.circleMarker([lat[i], lon[i]], { radius: 5, color: '#66d9e8', weight: 1 }).addTo(map));
  }
  let next = 0;
  let lastBatch = start;
  const frames: number[] = [];
  let firstDrawMs = -1;
  await new Promise<void>((done) => {
    let last = performance.now();
    const tick = (now: number) => {
      if (firstDrawMs < 0) firstDrawMs = now - start;
      else frames.push(now - last);
      last = now;
      if (now - start > ms) return done();
      if (now - lastBatch >= 1000) {
        lastBatch = now;
        const replaced = tracks.slice();
        for (let k = 0; k < Math.ceil(n / 10); k++, next = (next + 1) % n) {
          lat[next] += dLat[next];
          lon[next] += dLon[next];
          if (layer) replaced[next] = vessel(next, lat[next], lon[next], Date.now(), tracks[next]);
          else circles[next].setLatLng([lat[next], lon[next]]);
        }
        tracks = replaced;
        layer?.setTracks(tracks, Date.now());
      }
      // A slow drag back and forth, a few pixels a frame.
      if (pan) map.panBy([Math.floor((now - start) / 2000) % 2 ? -3 : 3, 0], { animate: false });
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  let pickMs: number | undefined;
  if (layer) {
    const size = map.getSize();
    layer.trackAt(L.point(1, 1)); // builds the grid for this frame
    const t0 = performance.now();
    for (let k = 0; k < 1000; k++) layer.trackAt(L.point(rand() * size.x, rand() * size.y));
    pickMs = (performance.now() - t0) / 1000;
  }
  map.remove();
  host.innerHTML = '';
  return { frames, firstDrawMs, pickMs };
}

(window as unknown as { runFrames: typeof run }).runFrames = run;
