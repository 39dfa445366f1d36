// The composition root: every service of Portwatch in one process, on embedded defaults
// where no external service is configured. Progress is reported step by step.
import { join } from 'node:path';
import { MemoryBus, KafkaBus, Pipeline, DEFAULT_ENRICHERS, IngestService, CorrelateService, CorrelationEngine, RiskModel, siteLocator, startEmbeddedBroker, jsonLogger, type Bus, type EmbeddedBroker } from '@portwatch/ingest';
import { decoderFactories } from '@portwatch/ingest/decoders';
import { LiveSimulation } from '@portwatch/simulators';
import { openDb, redact } from '../storage/db.ts';
import { migrate } from '../storage/migrations.ts';
import { Store } from '../storage/store.ts';
import { LiveHub } from '../live/hub.ts';
import { StoreWriter } from '../store-writer.ts';
import { createApp } from '../app.ts';
import { listenHttp, type HttpServer } from '../server.ts';
import type { ApiContext, ComponentStatus } from '../context.ts';
import type { SystemConfig } from './config.ts';
import { loadSiteBundle } from './load-site-bundle.ts';

export interface RunningSystem {
  port: number;
  mqttUrl: string;
  store: Store;
  bus: Bus;
  stop(): Promise<void>;
}

export type Progress = (step: string) => void;

export async function startSystem(cfg: SystemConfig, progress: Progress, webDist: string | null): Promise<RunningSystem> {
  const log = jsonLogger('portwatch');
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    // Reverse order: sources stop first, storage last.
    for (const s of stops.reverse()) await s().catch((err) => log.error('stop failed', { error: String(err) }));
  };
  try {
    progress(`loading site "${cfg.siteId}"`);
    const { site, feeds, rules } = await loadSiteBundle(cfg.siteId);
    progress(`site ${site.name}: ${site.zones.features.length} zones, ${site.sensors.features.length} sensors, ${feeds.length} feeds, ${rules.length} rules`);

    progress(cfg.databaseUrl ? `connecting to PostgreSQL at ${redact(cfg.databaseUrl)}` : `opening embedded PostgreSQL (PGlite) in ${join(cfg.dataDir, 'pglite')}`);
    const db = await openDb(cfg.databaseUrl, join(cfg.dataDir, 'pglite'));
    stops.push(() => db.close());
    const applied = await migrate(db);
    if (applied) progress(`storage: ${applied} migration(s) applied`);
    const store = new Store(db);

    let bus: Bus;
    if (cfg.kafkaBrokers) {
      progress(`bus: connecting to Apache Kafka at ${cfg.kafkaBrokers.join(',')}`);
      const kafka = new KafkaBus({ brokers: cfg.kafkaBrokers, clientId: `portwatch-${site.id}` });
      await kafka.connect().catch((err: Error) => {
        throw new Error(`cannot reach Kafka at ${cfg.kafkaBrokers!.join(',')}: ${err.message}`);
      });
      bus = kafka;
    } else {
      bus = new MemoryBus();
      progress('bus: in-process (set KAFKA_BROKERS to use Apache Kafka)');
    }
    stops.push(() => bus.close());

    let broker: EmbeddedBroker | null = null;
    let mqttUrl = cfg.mqttUrl;
    if (!mqttUrl) {
      broker = await startEmbeddedBroker(cfg.mqttPort);
      stops.push(() => broker!.close());
      if (broker.movedFrom !== undefined) progress(`MQTT port ${broker.movedFrom} is taken (another broker?): the embedded broker listens on ${broker.port} instead`);
      mqttUrl = broker.url;
      progress(`MQTT: embedded broker on ${broker.url}`);
    } else progress(`MQTT: broker at ${mqttUrl}`);

    const hub = new LiveHub();
    const writer = new StoreWriter(bus, store, hub);
    await writer.start();
    stops.push(() => writer.stop());

    const zoneNames = Object.fromEntries(site.zones.features.map((f) => [f.properties.id, f.properties.name]));
    const engine = new CorrelationEngine(rules, { assets: site.assets, zoneNames });
    const risk = new RiskModel(site.id, Object.keys(zoneNames));
    const correlate = new CorrelateService({ bus, engine, risk, log });
    await correlate.start();
    stops.push(() => correlate.stop());

    const pipeline = new Pipeline({ siteId: site.id, feeds, locator: siteLocator(site), decoders: decoderFactories, enrichers: DEFAULT_ENRICHERS });
    const ingest = new IngestService({
      pipeline,
      bus,
      log,
      mqtt: { url: mqttUrl, clientId: cfg.mqttClientId ?? `portwatch-ingest-${site.id}`, username: cfg.mqttUsername, password: cfg.mqttPassword },
    });
    progress('ingest: connecting sources');
    await ingest.start();
    stops.push(() => ingest.stop());

    const startedAt = new Date();
    const components = (): ComponentStatus[] => [
      { name: 'storage', status: 'up', detail: db.kind },
      { name: 'bus', status: 'up', detail: bus.kind },
      { name: 'mqtt', status: ingest.mqttStatus === 'connected' ? 'up' : 'degraded', detail: ingest.mqttStatus },
    ];
    const ctx: ApiContext = {
      site,
      store,
      startedAt,
      simulated: cfg.simulate,
      components,
      feeds: () => pipeline.health.snapshot(),
      metrics: () => [
        '# HELP portwatch_store_writes_total Records written by the API store writer.',
        '# TYPE portwatch_store_writes_total counter',
        ...Object.entries(writer.stored).map(([k, v]) => `portwatch_store_writes_total{kind="${k}"} ${v}`),
        '# HELP portwatch_live_clients WebSocket clients connected to /api/live.',
        '# TYPE portwatch_live_clients gauge',
        `portwatch_live_clients ${hub.size}`,
      ],
    };
    const app = createApp(ctx, webDist);
    const http: HttpServer = await listenHttp(app, cfg.port, hub, () => ({ type: 'hello', data: { siteId: site.id, serverTime: new Date().toISOString() } }));
    stops.push(() => http.close());
    progress(`API and web app on port ${http.port}`);

    if (cfg.simulate) {
      const sim = new LiveSimulation({ site, feeds, mqttUrl, bus, scenarioEveryMs: cfg.scenarioEveryMs, firstScenarioAfterMs: cfg.firstScenarioAfterMs, log });
      await sim.start();
      stops.splice(stops.length - 1, 0, () => sim.stop());
      progress(`simulators: background traffic for ${site.name}, a hybrid scenario every ${Math.round(cfg.scenarioEveryMs / 1000)} s`);
    }
    return { port: http.port, mqttUrl, store, bus, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
