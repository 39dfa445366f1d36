// The offline pipeline: a capture through the whole pipeline — the site's feeds, decoders,
// zones and rules — to incidents, in one process with no broker.
// Time is the capture's event time throughout: the speed only paces the reading, so the same
// capture gives the same incidents (ids included) at any speed.
import { decoderFactories } from '@portwatch/ingest/decoders';
import { Pipeline, siteLocator, CorrelationEngine, DEFAULT_ENRICHERS } from '@portwatch/ingest';
import { validateCaptureRecord, type Incident, type Indicator } from '@portwatch/schema';
import type { SiteBundle } from '../load-site-bundle.ts';

export interface ReplayOptions {
  /** Capture time per wall time; Infinity reads as fast as it can. */
  speed: number;
  /** Every update of an incident, not only its first raise. */
  updates?: boolean;
  /** How to wait at a finite speed (tests pass a fake clock). */
  sleep?: (ms: number) => Promise<void>;
  onIncident?: (inc: Incident) => void;
  /** Every indicator, before correlation sees it (zone risk is computed from these). */
  onIndicator?: (ind: Indicator) => void;
  onReject?: (line: number, reason: string) => void;
}

export interface ReplayResult {
  incidents: Incident[];
  records: number;
  indicators: number;
  rejected: number;
  late: number;
}

/** How often, in capture time, the pipeline is asked for gaps (AIS vessels gone dark). */
const SWEEP_EVERY_MS = 30_000;

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function replayCapture(
  lines: Iterable<string> | AsyncIterable<string>,
  bundle: SiteBundle,
  opts: ReplayOptions,
): Promise<ReplayResult> {
  const { site, feeds, rules } = bundle;
  const pipeline = new Pipeline({
    siteId: site.id,
    feeds: feeds.map((f) => ({ ...f, maxRatePerSec: Number.MAX_SAFE_INTEGER })),
    locator: siteLocator(site),
    decoders: decoderFactories,
    enrichers: DEFAULT_ENRICHERS,
    mode: 'replay',
  });
  const zoneNames = Object.fromEntries(site.zones.features.map((f) => [f.properties.id, f.properties.name]));
  const engine = new CorrelationEngine(rules, { assets: site.assets, zoneNames });
  const sleep = opts.sleep ?? realSleep;
  const result: ReplayResult = { incidents: [], records: 0, indicators: 0, rejected: 0, late: 0 };
  const raised = new Set<string>();
  const emit = (list: Incident[]) => {
    for (const inc of list) {
      if (raised.has(inc.id) && !opts.updates) continue;
      raised.add(inc.id);
      result.incidents.push(inc);
      opts.onIncident?.(inc);
    }
  };
  const reject = (line: number, reason: string) => opts.onReject?.(line, reason);
  let line = 0;
  let prev: number | null = null;
  let lastSweep = -Infinity;
  for await (const text of lines) {
    line++;
    if (!text.trim()) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      reject(line, 'capture line is not JSON');
      continue;
    }
    const rec = validateCaptureRecord(parsed);
    if (!rec.ok) {
      reject(line, `capture line: ${rec.reason}`);
      continue;
    }
    const t = Date.parse(rec.value.t);
    if (Number.isFinite(opts.speed) && prev !== null && t > prev) await sleep((t - prev) / opts.speed);
    if (prev === null || t > prev) prev = t;
    result.records++;
    const out = pipeline.process({
      via: rec.value.via,
      topic: rec.value.topic,
      key: rec.value.key,
      payload: rec.value.payload,
      receivedAt: t,
    });
    for (const r of out.rejects) {
      result.rejected++;
      reject(line, r.reason);
    }
    // Gaps show only as event time passes.
    if (t - lastSweep >= SWEEP_EVERY_MS) {
      out.indicators.push(...pipeline.sweep(t));
      lastSweep = t;
    }
    result.indicators += out.indicators.length;
    for (const ind of out.indicators) {
      opts.onIndicator?.(ind);
      emit(engine.process(ind));
    }
    // The capture's own clock moves event time on even when a record gives no indicator.
    emit(engine.advance(t, { modes: ['replay', 'exercise'] }));
  }
  // The capture is complete: nothing can arrive late any more, so absences already due fire.
  if (prev !== null) emit(engine.advance(prev, { complete: true }));
  result.late = engine.stats.late;
  return result;
}
