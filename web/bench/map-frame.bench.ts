/// <reference types="node" />
// Frame times of the live map's track layer against plain Leaflet canvas circle markers, in
// the same headless Chromium run (no GPU: what CI and the measurements use).
//   npx tsx web/bench/map-frame.bench.ts [--counts 1000,5000,20000,50000] [--seconds 5] [--shots dir]
// Prints one JSON line per figure: {"suite":"map","figure":…,"value":…,"unit":"ms"}.
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium } from 'playwright-core';
import type { Drawer, FrameRun } from './map-frame.page.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const counts = arg('counts', '1000,5000,20000,50000').split(',').map(Number);
const seconds = Number(arg('seconds', '5'));
/** A folder for a screenshot of each run near its end, to look at (it costs one frame). */
const shots = arg('shots', '');

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const out = mkdtempSync(join(tmpdir(), 'portwatch-map-bench-'));
await build({
  root: join(here, '..'),
  configFile: false,
  logLevel: 'warn',
  build: { outDir: out, emptyOutDir: true, rolldownOptions: { input: join(here, 'map-frame.html') } },
});
const types: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
};
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
  try {
    const body = readFileSync(join(out, path));
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
const port = (server.address() as { port: number }).port;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  for (const n of counts) {
    // Alternated in one page per count, so both see the same machine load.
    for (const drawer of ['track-layer', 'leaflet-circles'] as Drawer[]) {
      const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
      await page.goto(`http://127.0.0.1:${port}/bench/map-frame.html`);
      await page.waitForFunction(() => 'runFrames' in window);
      const running = page.evaluate(
        ([d, count, ms]) =>
          (window as unknown as { runFrames: (d: Drawer, n: number, ms: number) => Promise<FrameRun> }).runFrames(
            d as Drawer,
            count as number,
            ms as number,
          ),
        [drawer, n, seconds * 1000] as const,
      );
      if (shots) {
        await new Promise((ok) => setTimeout(ok, seconds * 1000 - 1000));
        await page.screenshot({ path: join(shots, `map-${drawer}-${n}.png`) });
      }
      const result: FrameRun = await running;
      await page.close();
      const sorted = result.frames.slice().sort((a, b) => a - b);
      const emit = (figure: string, value: number) =>
        console.log(
          JSON.stringify({
            suite: 'map',
            figure: `${drawer} ${n} ${figure}`,
            value: value < 1 ? Math.round(value * 1000) / 1000 : Math.round(value * 10) / 10,
            unit: 'ms',
          }),
        );
      emit('frame p50', percentile(sorted, 50));
      emit('frame p95', percentile(sorted, 95));
      emit('first draw', result.firstDrawMs);
      if (result.pickMs !== undefined) emit('hover pick', result.pickMs);
      console.error(`${drawer} n=${n}: ${result.frames.length} frames`);
    }
  }
} finally {
  await browser.close();
  server.close();
  rmSync(out, { recursive: true, force: true });
}
