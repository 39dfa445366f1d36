// `portwatch replay --site <dir> --capture <file>`: a capture through the whole pipeline —
// the site's feeds, decoders, zones and rules — with incidents as NDJSON on stdout.
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { decoderFactories } from '@portwatch/ingest/decoders';
import { Pipeline, siteLocator, CorrelationEngine, DEFAULT_ENRICHERS } from '@portwatch/ingest';
import { loadSiteBundle } from '@portwatch/api/system/load-site-bundle';
import { validateCaptureRecord } from '@portwatch/schema';
import { UsageError } from '../cli.ts';
import { parseArgs, speedOf } from './args.ts';

export async function replay(argv: string[]): Promise<number> {
  const { flags } = parseArgs(argv, { values: ['site', 'capture', 'speed'], switches: ['updates'] });
  if (typeof flags.site !== 'string' || typeof flags.capture !== 'string') throw new UsageError('replay: --site and --capture are required');
  if (!existsSync(flags.capture)) throw new UsageError(`replay: no capture file at ${flags.capture}`);
  const speed = speedOf(flags.speed);
  const { site, feeds, rules } = await loadSiteBundle(flags.site);
  const pipeline = new Pipeline({ siteId: site.id, feeds: feeds.map((f) => ({ ...f, maxRatePerSec: Number.MAX_SAFE_INTEGER })), locator: siteLocator(site), decoders: decoderFactories, enrichers: DEFAULT_ENRICHERS, mode: "replay" });
  const zoneNames = Object.fromEntries(site.zones.features.map((f) => [f.properties.id, f.properties.name]));
  const engine = new CorrelationEngine(rules, { assets: site.assets, zoneNames });
  const raised = new Set<string>();
  const rl = createInterface({ input: createReadStream(flags.capture), crlfDelay: Infinity });
  let line = 0;
  let prev: number | null = null;
  let records = 0;
  let indicators = 0;
  let rejected = 0;
  let lastSweep = 0;
  for await (const text of rl) {
    line++;
    if (!text.trim()) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      process.stderr.write(JSON.stringify({ line, reason: 'capture line is not JSON' }) + '\n');
      continue;
    }
    const rec = validateCaptureRecord(parsed);
    if (!rec.ok) {
      process.stderr.write(JSON.stringify({ line, reason: `capture line: ${rec.reason}` }) + '\n');
      continue;
    }
    const t = Date.parse(rec.value.t);
    if (Number.isFinite(speed) && prev !== null && t > prev) await new Promise((r) => setTimeout(r, (t - prev!) / speed));
    prev = t;
    records++;
    const out = pipeline.process({ via: rec.value.via, topic: rec.value.topic, key: rec.value.key, payload: rec.value.payload, receivedAt: t });
    indicators += out.indicators.length;
    for (const r of out.rejects) {
      rejected++;
      process.stderr.write(JSON.stringify({ line, reason: r.reason }) + '\n');
    }
    // Gaps show only as event time passes: sweep every 30 s of capture time.
    if (t - lastSweep >= 30_000) {
      out.indicators.push(...pipeline.sweep(t));
      lastSweep = t;
    }
    for (const ind of out.indicators) {
      for (const inc of engine.process(ind)) {
        if (raised.has(inc.id) && !flags.updates) continue;
        raised.add(inc.id);
        process.stdout.write(JSON.stringify(inc) + '\n');
      }
    }
  }
  process.stderr.write(`replayed ${records} records: ${indicators} indicators, ${rejected} rejected, ${raised.size} incidents\n`);
  return 0;
}
