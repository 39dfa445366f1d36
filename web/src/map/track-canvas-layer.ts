// Every vessel and drone drawn by one Leaflet layer in one pass on one <canvas>: a DOM
// marker per track (with its tooltip and tail) stops a browser at a few thousand. The layer
// paints at most once per animation frame, whatever changed in between (new positions, a
// pan, a hover), and keeps each track's screen position so that picking is a grid lookup.
import L from 'leaflet';
import { STALE_MS, type Track } from '../stores/tracks.ts';
import { TRACK_COLORS, trackLook } from './track-look.ts';
import { SPRITES_PER_SET, TrackSprites, spriteIndex, spriteSetStart } from './track-sprites.ts';
import { TrackRaster } from './track-raster.ts';
import { buildScreenGrid, nearestTrack, type ScreenGrid } from './track-pick.ts';

/** How close (CSS px) the pointer must come to a track to pick it. */
export const PICK_RADIUS = 9;
/** Tracks this far outside the view are still drawn, so a pan does not clip half an arrow. */
const MARGIN = 12;
const MAX_LAT = 85.0511287798;

interface Seen {
  stale: boolean;
  x: number;
  y: number;
  style: number;
  sprite: number;
}

interface Style {
  color: string;
  alpha: number;
}

export class TrackCanvasLayer extends L.Layer {
  private canvas: HTMLCanvasElement | null = null;
  private tracks: readonly Track[] = [];
  // Per track, in the order of `tracks`: Web Mercator in [0, 1] (zoom-free, so a zoom does
  // not re-project), the look's style bucket, shape and heading.
  private mx = new Float64Array(0);
  private my = new Float64Array(0);
  private styleOf = new Uint8Array(0);
  private spriteOf = new Uint8Array(0);
  private sprites = new TrackSprites();
  private raster = new TrackRaster();
  private styles: Style[] = [];
  private seen = new WeakMap<Track, Seen>();
  // Per drawn track: screen position and index into `tracks`; rebuilt by each paint.
  private xs = new Float32Array(0);
  private ys = new Float32Array(0);
  private drawnIndex = new Int32Array(0);
  private drawn = 0;
  private grid: ScreenGrid | null = null;
  private frame = 0;
  private selectedKey: string | null = null;
  private hoveredKey: string | null = null;
  private now = Date.now();

  constructor(options?: L.LayerOptions) {
    super(options);
    // L.Layer has no initialize() of its own to take options (its subclasses each call this).
    L.setOptions(this, options);
  }

  /** Replaces what is drawn; `now` decides which tracks look stale. */
  setTracks(tracks: readonly Track[], now: number): this {
    this.tracks = tracks;
    this.now = now;
    const n = tracks.length;
    if (this.mx.length < n) {
      const cap = Math.max(n, this.mx.length * 2, 64);
      this.mx = new Float64Array(cap);
      this.my = new Float64Array(cap);
      this.styleOf = new Uint8Array(cap);
      this.spriteOf = new Uint8Array(cap);
    }
    for (let i = 0; i < n; i++) {
      const track = tracks[i];
      const stale = now - track.lastSeen > STALE_MS;
      // The store hands over the same object for a track that did not change: its look is kept.
      let seen = this.seen.get(track);
      if (!seen || seen.stale !== stale) {
        const head = track.points[track.points.length - 1];
        const look = trackLook(track, now);
        seen = {
          stale,
          x: head ? mercatorX(head.lon) : NaN,
          y: head ? mercatorY(head.lat) : NaN,
          style: this.styleIndex(look.color, look.alpha),
          sprite: spriteIndex(look),
        };
        this.seen.set(track, seen);
      }
      this.mx[i] = seen.x;
      this.my[i] = seen.y;
      this.styleOf[i] = seen.style;
      this.spriteOf[i] = seen.sprite;
    }
    return this.redraw();
  }

  private styleIndex(color: string, alpha: number): number {
    const at = this.styles.findIndex((s) => s.color === color && s.alpha === alpha);
    return at >= 0 ? at : this.styles.push({ color, alpha }) - 1;
  }

  /** The tracks whose tails are drawn and which are ringed: the selected and the hovered. */
  setHighlight(selectedKey: string | null, hoveredKey: string | null): this {
    if (selectedKey === this.selectedKey && hoveredKey === this.hoveredKey) return this;
    this.selectedKey = selectedKey;
    this.hoveredKey = hoveredKey;
    return this.redraw();
  }

  /** The track drawn nearest to a point of the map's container, within PICK_RADIUS. */
  trackAt(point: L.Point): Track | null {
    if (this.frame) this.paint(); // positions of a pending frame, not of the previous one
    const map = this._map;
    if (!map) return null;
    if (!this.grid) {
      const size = map.getSize();
      this.grid = buildScreenGrid(this.xs, this.ys, this.drawn, size.x, size.y, PICK_RADIUS * 2);
    }
    const i = nearestTrack(this.grid, point.x, point.y, PICK_RADIUS);
    return i < 0 ? null : this.tracks[this.drawnIndex[i]];
  }

  /** Where a drawn track is, in container pixels (for a tooltip, or a test's pointer). */
  screenPointOf(key: string): L.Point | null {
    for (let k = 0; k < this.drawn; k++)
      if (this.tracks[this.drawnIndex[k]].key === key) return L.point(this.xs[k], this.ys[k]);
    return null;
  }

  /** Asks for a paint in the next animation frame; many calls in one frame paint once. */
  redraw(): this {
    if (this._map && !this.frame) this.frame = requestAnimationFrame(() => this.paint());
    return this;
  }

  override onAdd(map: L.Map): this {
    // Hidden while Leaflet animates a zoom (it scales panes with CSS); repainted at zoomend.
    this.canvas = L.DomUtil.create('canvas', 'pw-track-canvas leaflet-zoom-hide');
    this.canvas.dataset.testid = 'track-canvas';
    this.getPane()!.appendChild(this.canvas);
    map.on('move moveend zoomend viewreset resize', this.redraw, this);
    this.redraw();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('move moveend zoomend viewreset resize', this.redraw, this);
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.canvas?.remove();
    this.canvas = null;
    return this;
  }

  private paint(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    const map = this._map;
    const canvas = this.canvas;
    if (!map || !canvas) return;
    const size = map.getSize();
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(size.x * dpr) || canvas.height !== Math.round(size.y * dpr)) {
      canvas.width = Math.round(size.x * dpr);
      canvas.height = Math.round(size.y * dpr);
      canvas.style.width = `${size.x}px`;
      canvas.style.height = `${size.y}px`;
    }
    // The pane moves while dragging: keep the canvas over the container, in container pixels.
    L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
    this.project(map, size);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return; // no 2D context (jsdom): positions are still known, for picking
    // Heads first as one image (putImageData replaces pixels), then the few tails and rings over it.
    this.paintHeads(ctx, dpr, canvas.width, canvas.height);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.paintTails(ctx, map);
    this.paintRings(ctx);
    // What is on the map, readable by tests and the map benchmark (which also hooks each paint).
    canvas.dataset.tracks = String(this.tracks.length);
    canvas.dataset.drawn = String(this.drawn);
    (window as { __pwTrackPaint?: (tracks: readonly Track[]) => void }).__pwTrackPaint?.(this.tracks);
  }

  /** Screen positions of the tracks in view (plus a margin). */
  private project(map: L.Map, size: L.Point): void {
    const n = this.tracks.length;
    if (this.xs.length < n) {
      this.xs = new Float32Array(this.mx.length);
      this.ys = new Float32Array(this.mx.length);
      this.drawnIndex = new Int32Array(this.mx.length);
    }
    // Leaflet's world pixels at this zoom (EPSG:3857, the map's CRS) minus the view's corner.
    const scale = map.options.crs!.scale(map.getZoom());
    const corner = map.getPixelBounds().min!;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const x = this.mx[i] * scale - corner.x;
      const y = this.my[i] * scale - corner.y;
      if (!(x >= -MARGIN && y >= -MARGIN && x <= size.x + MARGIN && y <= size.y + MARGIN)) continue;
      this.xs[k] = x;
      this.ys[k] = y;
      this.drawnIndex[k++] = i;
    }
    this.drawn = k;
    this.grid = null;
  }

  private paintHeads(ctx: CanvasRenderingContext2D, ratio: number, width: number, height: number): void {
    this.raster.begin(width, height);
    const set = spriteSetStart(this.drawn);
    // Quiet tracks underneath, anomalies on top: a red arrow is never hidden by a crowd.
    const rank = (st: Style) => (st.color === TRACK_COLORS.alert ? 2 : st.alpha < 1 ? 0 : 1);
    const order = this.styles.map((_, s) => s).sort((a, b) => rank(this.styles[a]) - rank(this.styles[b]));
    for (const s of order) {
      const sprites = this.sprites.sprites(this.styles[s].color, ratio);
      const ready = sprites
        .slice(set, set + SPRITES_PER_SET)
        .map((sp) => this.raster.prepare(sp, this.styles[s].alpha));
      for (let k = 0; k < this.drawn; k++) {
        const i = this.drawnIndex[k];
        if (this.styleOf[i] !== s) continue;
        this.raster.blit(ready[this.spriteOf[i]], Math.round(this.xs[k] * ratio), Math.round(this.ys[k] * ratio));
      }
    }
    ctx.putImageData(this.raster.image!, 0, 0);
  }

  private highlighted(): Track[] {
    const keys = new Set([this.selectedKey, this.hoveredKey]);
    keys.delete(null);
    return keys.size ? this.tracks.filter((t) => keys.has(t.key)) : [];
  }

  private paintTails(ctx: CanvasRenderingContext2D, map: L.Map): void {
    for (const track of this.highlighted()) {
      const look = trackLook(track, this.now);
      ctx.beginPath();
      for (const [j, p] of track.points.entries()) {
        const at = map.latLngToContainerPoint([p.lat, p.lon]);
        if (j === 0) ctx.moveTo(at.x, at.y);
        else ctx.lineTo(at.x, at.y);
      }
      ctx.setLineDash(look.dashed ? [4, 4] : []);
      ctx.lineWidth = 2;
      ctx.strokeStyle = look.color;
      ctx.globalAlpha = look.alpha < 1 ? 0.3 : 0.7;
      ctx.stroke();
    }
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
  }

  private paintRings(ctx: CanvasRenderingContext2D): void {
    for (const track of this.highlighted()) {
      const at = this.screenPointOf(track.key);
      if (!at) continue;
      ctx.beginPath();
      ctx.arc(at.x, at.y, 12, 0, 2 * Math.PI);
      ctx.lineWidth = track.key === this.selectedKey ? 2 : 1;
      ctx.strokeStyle = '#ffffff';
      ctx.stroke();
    }
  }
}

function mercatorX(lon: number): number {
  return lon / 360 + 0.5;
}

function mercatorY(lat: number): number {
  const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  return 0.5 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / (2 * Math.PI);
}
