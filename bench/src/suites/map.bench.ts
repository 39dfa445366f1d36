// The live map at port scale, as an operator sees it: the FULL app (embedded system: MQTT
// broker, pipeline, PGlite, API, built web app) in headless Chromium 1600×900 without a GPU,
// signed in, N vessels each reporting an AIS position every 10 s over MQTT through the real
// pipeline. Figures per N: frame p50/p95, long tasks, JS heap, time until all N are drawn,
// delay report → drawn (probe vessels). Reference in the same run: plain Leaflet 1.9 canvas
// with N moving circle markers (web/bench/map-frame.page.ts), same viewport, same update rate.
// Needs `npm run build` (the app) and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
// MAP_BENCH_COUNTS (1000,5000,20000,50000) and MAP_BENCH_SECONDS (15) change the run.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { siteDir } from '@portwatch/dashboards';
import { startSystem, loadSiteBundle } from '@portwatch/system';
import type { BenchSuite, Report } from '../bench-suite.ts';
import { Fleet } from '../../../test/support/ais-fleet.ts';
import { installProbe, type ProbeControl, type ProbeResult } from './map-probe.ts';

const COUNTS = (process.env.MAP_BENCH_COUNTS ?? '1000,5000,20000,50000').split(',').map(Number);
const SECONDS = Number(process.env.MAP_BENCH_SECONDS ?? 15);
const REPORT_EVERY_MS = 10_000;
const PROBES = 50;
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WEB = join(ROOT, 'web');

function percentile(values: number[], p: number): number {
  const sorted = values.slice().sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The site with the AIS feed's rate limit lifted: 50,000 vessels every 10 s are 5,000 records/s. */
function siteWithoutAisLimit(dir: string): string {
  const copy = join(dir, 'valencia');
  cpSync(siteDir('valencia'), copy, { recursive: true });
  const feeds = join(copy, 'feeds.yaml');
  const text = readFileSync(feeds, 'utf8');
  const lifted = text.replace(/(id: ais[\s\S]*?maxRatePerSec:\s*)\d+/, '$1100000');
  if (lifted === text) throw new Error(`${feeds}: no maxRatePerSec under the ais feed to lift`);
  writeFileSync(feeds, lifted);
  return copy;
}

/** The reference page (plain Leaflet circles), built once and served from a temp folder. */
async function referencePage(out: string): Promise<{ url: string; server: Server }> {
  await build({
    root: WEB,
    configFile: false,
    logLevel: 'warn',
    build: { outDir: out, emptyOutDir: true, rolldownOptions: { input: join(WEB, 'bench', 'map-frame.html') } },
  });
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    let body: Buffer;
    try {
      body = readFileSync(join(out, path));
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/bench/map-frame.html`, server };
}

async function reference(browser: Browser, url: string, n: number, pan: boolean, report: Report): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await page.goto(url);
  await page.waitForFunction(() => 'runFrames' in window);
  const run = await page.evaluate(
    ([count, ms, drag]) =>
      (
        window as unknown as {
          runFrames: (
            d: string,
            n: number,
            ms: number,
            pan: boolean,
          ) => Promise<{ frames: number[]; firstDrawMs: number }>;
        }
      ).runFrames('leaflet-circles', count, ms, drag),
    [n, SECONDS * 1000, pan] as const,
  );
  await page.close();
  const what = `leaflet-circles ${n}${pan ? ' dragging' : ''}`;
  report(`${what} frame p50`, percentile(run.frames, 50), 'ms');
  report(`${what} frame p95`, percentile(run.frames, 95), 'ms');
  if (!pan) report(`${what} first draw`, run.firstDrawMs, 'ms');
}

export const suite: BenchSuite = {
  name: 'map',
  description: `full app in headless Chromium 1600×900, N = ${COUNTS.join(', ')} vessels reporting every 10 s through the embedded system; plain Leaflet canvas circles as the reference`,
  needs: ['chromium', 'npm run build'],
  async run(report, log) {
    if (!existsSync(join(WEB, 'dist', 'index.html'))) throw new Error('web/dist is missing: run `npm run build` first');
    const work = mkdtempSync(join(tmpdir(), 'portwatch-map-bench-'));
    const system = await startSystem(
      {
        role: 'all',
        riskHalfLifeMs: 900_000,
        allowedLatenessMs: 300_000,
        port: 0,
        mqttPort: 0,
        dataDir: join(work, 'data'),
        siteId: siteWithoutAisLimit(work),
        simulate: false,
        scenarioEveryMs: 3_600_000,
        decodeThreads: 1,
      },
      () => {},
      join(WEB, 'dist'),
    );
    const base = `http://127.0.0.1:${system.port}`;
    const token = system.firstStartToken?.token;
    if (!token) throw new Error('the embedded system made no first-start token to sign in with');
    const site = (await loadSiteBundle('valencia')).site;
    const receiver = 'AIS-VLC-01';
    const pub = await mqtt.connectAsync(system.mqttUrl, { clientId: `bench-map-${process.pid}` });
    const ref = await referencePage(join(work, 'reference'));
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--enable-precise-memory-info'],
    });
    try {
      for (const n of COUNTS) {
        const fleet = new Fleet(n, { center: site.center, spreadDeg: 0.03 }, receiver, `valencia/ais/${receiver}`);
        const probeEvery = Math.max(1, Math.floor(n / PROBES));
        /** mmsi → [report second (ms), wall ms published]. */
        const sent = new Map<string, [number, number][]>();
        const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
        // As source: the TypeScript runner's name-keeping helper (__name) does not exist in the page.
        await page.addInitScript({ content: `var __name = (f) => f; (${installProbe.toString()})();` });
        await page.goto(`${base}/#/login?token=${token}`);
        await page.waitForSelector('[data-testid="track-canvas"]', { timeout: 30_000 });
        const keys = Array.from(
          { length: Math.ceil(n / probeEvery) },
          (_, k) => `live:vessel:${fleet.mmsi(k * probeEvery)}`,
        );
        await page.evaluate(
          ([want, probeKeys]) => (window as unknown as { __pwProbe: ProbeControl }).__pwProbe.setup(want, probeKeys),
          [n, keys] as const,
        );
        // Every vessel reports once per 10 s, spread over the 10 s, until the run ends.
        let publishing = true;
        const started = Date.now();
        const loop = (async () => {
          while (publishing)
            await fleet.publishRound(
              pub,
              REPORT_EVERY_MS,
              0,
              n,
              (i, reportMs, wall) => {
                if (i % probeEvery) return;
                const mmsi = String(fleet.mmsi(i));
                const list = sent.get(mmsi) ?? [];
                list.push([Math.floor(reportMs / 1000) * 1000, wall]);
                sent.set(mmsi, list);
              },
              () => publishing,
            );
        })();
        const allDrawnBy = Date.now() + 120_000;
        let allDrawn = 0;
        while (!allDrawn && Date.now() < allDrawnBy) {
          await new Promise((r) => setTimeout(r, 500));
          allDrawn = await page.evaluate(
            () => (window as unknown as { __pwProbe: ProbeControl }).__pwProbe.stop().allDrawnAt,
          );
        }
        await page.evaluate(() => (window as unknown as { __pwProbe: ProbeControl }).__pwProbe.startFrames());
        await new Promise((r) => setTimeout(r, SECONDS * 1000));
        const result: ProbeResult = await page.evaluate(() =>
          (window as unknown as { __pwProbe: ProbeControl }).__pwProbe.stop(),
        );
        // Then the operator drags the map back and forth: every frame is a full redraw.
        const box = (await page.locator('[data-testid="site-map"]').boundingBox())!;
        const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
        await page.evaluate(() => (window as unknown as { __pwProbe: ProbeControl }).__pwProbe.startFrames());
        const paneAt = () =>
          page.evaluate(() => getComputedStyle(document.querySelector('.leaflet-map-pane')!).transform);
        const before = await paneAt();
        let panned = before;
        await page.mouse.move(cx, cy);
        await page.mouse.down();
        const dragUntil = Date.now() + SECONDS * 1000;
        for (let k = 0; Date.now() < dragUntil; k++) {
          await page.mouse.move(cx + (Math.floor(k / 40) % 2 ? -1 : 1) * ((k % 40) * 3 - 60), cy);
          if (k === 10) panned = await paneAt();
        }
        await page.mouse.up();
        // The map pane's offset changes while a drag really moves the map.
        log(`${n}: map pane ${before} → ${panned} while dragging`);
        const dragged: ProbeResult = await page.evaluate(() =>
          (window as unknown as { __pwProbe: ProbeControl }).__pwProbe.stop(),
        );
        publishing = false;
        await loop;
        await page.close();
        report(`app ${n} dragging frame p50`, percentile(dragged.frames, 50), 'ms');
        report(`app ${n} dragging frame p95`, percentile(dragged.frames, 95), 'ms');
        report(`app ${n} dragging long tasks`, dragged.longTasks.length, 'count');

        const delays: number[] = [];
        for (const [mmsi, reportMs, wall] of result.drawn) {
          const match = sent.get(mmsi)?.find(([second]) => Math.abs(second - reportMs) < 1000);
          if (match) delays.push(wall - match[1]);
        }
        report(`app ${n} frame p50`, percentile(result.frames, 50), 'ms');
        report(`app ${n} frame p95`, percentile(result.frames, 95), 'ms');
        report(`app ${n} long tasks`, result.longTasks.length, 'count');
        report(`app ${n} longest task`, result.longTasks.length ? Math.max(...result.longTasks) : 0, 'ms');
        report(`app ${n} JS heap`, result.heapBytes / 1_048_576, 'MiB');
        report(`app ${n} all drawn after`, result.allDrawnAt ? result.allDrawnAt - started : NaN, 'ms');
        report(`app ${n} report → drawn p50`, percentile(delays, 50), 'ms');
        report(`app ${n} report → drawn p95`, percentile(delays, 95), 'ms');
        log(`${n}: ${result.frames.length} frames, ${delays.length} probe deliveries timed`);
        await reference(browser, ref.url, n, false, report);
        await reference(browser, ref.url, n, true, report);
      }
    } finally {
      await browser.close();
      ref.server.close();
      await pub.endAsync();
      await system.stop();
      rmSync(work, { recursive: true, force: true });
    }
  },
};
