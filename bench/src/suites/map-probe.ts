// Runs inside the app's page (an init script) during the map benchmark: frame times from
// requestAnimationFrame, long tasks, and — through the track layer's paint hook — when all N
// vessels were first drawn and when each probe vessel's new report reached the screen.
// Kept free of imports: Playwright sends the function's source to the page.

export interface ProbeResult {
  frames: number[];
  longTasks: number[];
  heapBytes: number;
  /** Wall ms of the first paint with at least `want` tracks, or 0. */
  allDrawnAt: number;
  /** [mmsi, report time ms, wall ms first drawn] for each new report of a probe vessel. */
  drawn: [string, number, number][];
}

export interface ProbeControl {
  setup(want: number, probeKeys: string[]): void;
  startFrames(): void;
  stop(): ProbeResult;
}

export function installProbe(): void {
  const w = window as unknown as {
    __pwTrackPaint?: (tracks: readonly { key: string; id: string; lastSeen: number }[]) => void;
    __pwProbe?: ProbeControl;
  };
  let want = Infinity;
  let probes = new Set<string>();
  const seen = new Map<string, number>();
  let allDrawnAt = 0;
  const drawn: [string, number, number][] = [];
  const frames: number[] = [];
  const longTasks: number[] = [];
  let recording = false;
  let last = 0;
  w.__pwTrackPaint = (tracks) => {
    const now = Date.now();
    if (!allDrawnAt && tracks.length >= want) allDrawnAt = now;
    if (!probes.size) return;
    for (const t of tracks) {
      if (!probes.has(t.key)) continue;
      if (seen.get(t.key) !== t.lastSeen) {
        seen.set(t.key, t.lastSeen);
        drawn.push([t.id, t.lastSeen, now]);
      }
    }
  };
  new PerformanceObserver((list) => {
    if (recording) for (const e of list.getEntries()) longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: false });
  const tick = (now: number) => {
    if (!recording) return;
    if (last) frames.push(now - last);
    last = now;
    requestAnimationFrame(tick);
  };
  w.__pwProbe = {
    setup(n, keys) {
      want = n;
      probes = new Set(keys);
    },
    startFrames() {
      recording = true;
      last = 0;
      requestAnimationFrame(tick);
    },
    /** Ends a recording and hands it over; the next startFrames records afresh. */
    stop() {
      recording = false;
      const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
      const out = { frames: frames.splice(0), longTasks: longTasks.splice(0), allDrawnAt, drawn: drawn.splice(0) };
      return { ...out, heapBytes: memory?.usedJSHeapSize ?? NaN };
    },
  };
}
