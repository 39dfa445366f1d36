// The composition root: Portwatch's services for one role — all of them in one process on
// embedded defaults, or one role of a scaled deployment. Progress is reported step by step.
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import {
  MemoryBus,
  KafkaBus,
  Pipeline,
  watchFeeds,
  reprocessThrough,
  DEFAULT_ENRICHERS,
  IngestService,
  DecodeThread,
  CorrelateService,
  CorrelationEngine,
  RiskModel,
  siteLocator,
  startEmbeddedBroker,
  jsonLogger,
  type Bus,
  type Logger,
} from '@portwatch/ingest';
import { decoderFactories } from '@portwatch/ingest/decoders';
import { LiveSimulation } from '@portwatch/simulators';
import type { Site } from '@portwatch/schema';
import { openDb, redact } from '../storage/db.ts';
import { migrate } from '../storage/migrations.ts';
import { Store } from '../storage/store.ts';
import { LiveHub } from '../live/hub.ts';
import { StoreWriter } from '../store-writer.ts';
import { createApp } from '../app.ts';
import { createHealthApp } from '../health-app.ts';
import { listenHttp } from '../server.ts';
import type { ApiContext, ComponentStatus } from '../context.ts';
import type { SystemConfig } from './config.ts';
import { loadSiteBundle, type SiteBundle } from './load-site-bundle.ts';
import { setUpAccess, type FirstStartToken } from './access-setup.ts';
import { AccessControl } from '../auth/access-control.ts';
import { AuditTrail } from '../auth/audit-trail.ts';
import { sopChecklists } from '../incidents/sop-checklist.ts';
import { resolveNotifier } from '../incidents/resolve-notifier.ts';

export interface RunningSystem {
  port: number;
  mqttUrl: string;
  store: Store | null;
  bus: Bus;
  ingest: IngestService | null;
  /** The access tokens file this instance reads. */
  tokensFile: string;
  /** Set on the first start of the embedded default: the admin token made, to be shown once. */
  firstStartToken: FirstStartToken | null;
  stop(): Promise<void>;
}

export type Progress = (step: string) => void;

async function openBus(cfg: SystemConfig, site: Site, progress: Progress, log: Logger): Promise<Bus> {
  if (!cfg.kafkaBrokers) {
    progress('bus: in-process (set KAFKA_BROKERS to use Apache Kafka)');
    return new MemoryBus();
  }
  progress(`bus: connecting to Apache Kafka at ${cfg.kafkaBrokers.join(',')}`);
  const kafka = new KafkaBus({
    brokers: cfg.kafkaBrokers,
    clientId: `portwatch-${site.id}-${cfg.role}`,
    namespace: cfg.kafkaNamespace,
    onAssignment: (groupId, assignment) => log.info('kafka partitions assigned', { groupId, assignment }),
  });
  await kafka.connect().catch((err: Error) => {
    throw new Error(`cannot reach Kafka at ${cfg.kafkaBrokers!.join(',')}: ${err.message}`);
  });
  return kafka;
}

/** Ingest and correlation: what a worker instance runs. */
async function startWorker(
  cfg: SystemConfig,
  bundle: SiteBundle,
  bus: Bus,
  mqttUrl: string,
  log: Logger,
  stops: (() => Promise<void>)[],
) {
  const { site, feeds, rules } = bundle;
  const zoneNames = Object.fromEntries(site.zones.features.map((f) => [f.properties.id, f.properties.name]));
  const makeEngine = () =>
    new CorrelationEngine(rules, { assets: site.assets, zoneNames, allowedLatenessMs: cfg.allowedLatenessMs });
  const makeRisk = () =>
    new RiskModel(site.id, Object.keys(zoneNames), { assets: site.assets, halfLifeMs: cfg.riskHalfLifeMs });
  const correlate = new CorrelateService({
    bus,
    engine: makeEngine(),
    risk: makeRisk(),
    log,
    rebuild: cfg.kafkaBrokers ? { windowMs: cfg.rebuildWindowMs, makeEngine, makeRisk } : undefined,
  });
  await correlate.start();
  stops.push(() => correlate.stop());
  const pipeline = new Pipeline({
    siteId: site.id,
    feeds,
    locator: siteLocator(site),
    decoders: decoderFactories,
    enrichers: DEFAULT_ENRICHERS,
  });
  // On Kafka, feeds are decoded in worker threads while this thread runs the Kafka client. The
  // embedded default keeps one thread: a laptop's demo traffic does not need more.
  const decodeThread =
    bus.kind === 'kafka' && cfg.decodeThreads > 0
      ? new DecodeThread({
          siteDir: site.dir,
          feeds,
          threads: cfg.decodeThreads,
          mainThreadFormats: Object.keys(DEFAULT_ENRICHERS),
          onRestart: (err) =>
            log.error('decode thread died; restarted, its batches are read again from Kafka', { error: err.message }),
        })
      : undefined;
  await decodeThread?.start();
  const ingest = new IngestService({
    pipeline,
    bus,
    log,
    decodeThread,
    mqtt: {
      url: mqttUrl,
      clientId: cfg.mqttClientId ?? `portwatch-ingest-${site.id}-${hostname()}`,
      username: cfg.mqttUsername,
      password: cfg.mqttPassword,
      shareGroup: cfg.mqttShareGroup,
    },
  });
  await ingest.start();
  stops.push(() => ingest.stop());
  // feeds.yaml is watched: a new or changed feed is picked up without a restart; a broken
  // file is reported and the feeds loaded before keep running.
  let currentFeeds = feeds;
  const watcher = watchFeeds(
    site.dir,
    { knownFormats: Object.keys(decoderFactories), zoneIds: site.zones.features.map((z) => z.properties.id) },
    async (next) => {
      ingest.setFeeds(next);
      currentFeeds = next;
      await ingest.refreshSubscriptions();
      log.info('feeds reloaded', { feeds: next.map((f) => f.id) });
    },
    (err) =>
      log.error('feeds.yaml not applied; the feeds loaded before keep running', {
        file: err.file,
        problems: err.problems,
      }),
  );
  stops.push(async () => watcher.stop());
  return {
    pipeline,
    ingest,
    correlate,
    watcher,
    feedConfigs: () => currentFeeds,
    reprocess: reprocessThrough(pipeline, bus),
  };
}

export async function startSystem(
  cfg: SystemConfig,
  progress: Progress,
  webDist: string | null,
): Promise<RunningSystem> {
  const log = jsonLogger(`portwatch-${cfg.role}`);
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    // Reverse order: sources stop first, storage last.
    for (const s of stops.reverse()) await s().catch((err) => log.error('stop failed', { error: String(err) }));
  };
  // A first-start token nobody was shown (the start failed) must not lock the user out.
  let unshownToken: string | null = null;
  try {
    progress(`role: ${cfg.role}; loading site "${cfg.siteId}"`);
    const bundle = await loadSiteBundle(cfg.siteId);
    const { site, feeds, rules } = bundle;
    progress(
      `site ${site.name}: ${site.zones.features.length} zones, ${site.sensors.features.length} sensors, ${feeds.length} feeds, ${rules.length} rules`,
    );
    const withApi = cfg.role === 'all' || cfg.role === 'api';
    const withWorker = cfg.role === 'all' || cfg.role === 'worker';
    const access = setUpAccess(cfg, log);
    unshownToken = access.firstStart?.file ?? null;
    progress(access.summary);

    let store: Store | null = null;
    let dbKind = 'none';
    if (withApi) {
      progress(
        cfg.databaseUrl
          ? `connecting to PostgreSQL at ${redact(cfg.databaseUrl)}`
          : `opening embedded PostgreSQL (PGlite) in ${join(cfg.dataDir, 'pglite')}`,
      );
      const db = await openDb(cfg.databaseUrl, join(cfg.dataDir, 'pglite'));
      stops.push(() => db.close());
      const applied = await migrate(db);
      if (applied) progress(`storage: ${applied} migration(s) applied`);
      store = new Store(db);
      dbKind = db.kind;
    }

    const bus = await openBus(cfg, site, progress, log);
    stops.push(() => bus.close());

    let mqttUrl = cfg.mqttUrl ?? '';
    if (!mqttUrl && (withWorker || cfg.simulate)) {
      const broker = await startEmbeddedBroker(cfg.mqttPort);
      stops.push(() => broker.close());
      if (broker.movedFrom !== undefined)
        progress(
          `MQTT port ${broker.movedFrom} is taken (another broker?): the embedded broker listens on ${broker.port} instead`,
        );
      mqttUrl = broker.url;
      progress(`MQTT: embedded broker on ${broker.url}`);
    } else if (mqttUrl) progress(`MQTT: broker at ${mqttUrl}`);

    const hub = new LiveHub();
    let writer: StoreWriter | null = null;
    if (store) {
      writer = new StoreWriter(bus, store, hub, { checklist: sopChecklists(rules, bundle.sops) });
      await writer.start();
      stops.push(() => writer!.stop());
    }

    let worker: Awaited<ReturnType<typeof startWorker>> | null = null;
    if (withWorker) {
      progress('ingest and correlation: connecting sources');
      worker = await startWorker(cfg, bundle, bus, mqttUrl, log, stops);
    }

    const startedAt = new Date();
    const components = (): ComponentStatus[] => [
      ...(store ? [{ name: 'storage', status: 'up' as const, detail: dbKind }] : []),
      { name: 'bus', status: 'up', detail: bus.kind },
      ...(worker
        ? [
            {
              name: 'mqtt',
              status: worker.ingest.mqttStatus === 'connected' ? ('up' as const) : ('degraded' as const),
              detail: worker.ingest.mqttStatus,
            },
          ]
        : []),
    ];
    const metrics = () => [
      ...(writer
        ? [
            '# HELP portwatch_store_writes_total Records written by the API store writer.',
            '# TYPE portwatch_store_writes_total counter',
            ...Object.entries(writer.stored).map(([k, v]) => `portwatch_store_writes_total{kind="${k}"} ${v}`),
          ]
        : []),
      ...(worker ? worker.correlate.metrics() : []),
      '# HELP portwatch_live_clients WebSocket clients connected to /api/live.',
      '# TYPE portwatch_live_clients gauge',
      `portwatch_live_clients ${hub.size}`,
    ];
    const feedHealth = () => worker?.pipeline.health.snapshot() ?? [];
    const simulated = cfg.simulate;
    const accessControl = new AccessControl({
      tokens: access.registry,
      audit: new AuditTrail(store, jsonLogger('portwatch-audit')),
      metricsPublic: cfg.metricsPublic,
    });
    const app = store
      ? createApp(
          {
            site,
            store,
            startedAt,
            simulated,
            components,
            feeds: feedHealth,
            metrics,
            feedConfigs: worker?.feedConfigs,
            feedConfigProblem: () =>
              worker?.watcher.problem
                ? { file: worker.watcher.problem.file, problems: worker.watcher.problem.problems }
                : null,
            reprocess: worker?.reprocess,
            broadcast: (messages) => hub.broadcast(messages),
            incidentResolved: resolveNotifier(bus, worker?.correlate ?? null),
          } satisfies ApiContext,
          webDist,
          accessControl,
        )
      : createHealthApp(
          { role: cfg.role, siteId: site.id, startedAt, components, feeds: feedHealth, metrics },
          accessControl,
        );
    const http = await listenHttp(
      app,
      cfg.port,
      hub,
      () => ({ type: 'hello', data: { siteId: site.id, serverTime: new Date().toISOString() } }),
      accessControl,
    );
    stops.push(() => http.close());
    progress(store ? `API and web app on port ${http.port}` : `health and metrics on port ${http.port}`);

    if (cfg.simulate) {
      const sim = new LiveSimulation({
        site,
        feeds,
        mqttUrl,
        bus,
        scenarioEveryMs: cfg.scenarioEveryMs,
        firstScenarioAfterMs: cfg.firstScenarioAfterMs,
        log,
      });
      await sim.start();
      stops.splice(stops.length - 1, 0, () => sim.stop());
      progress(
        `simulators: background traffic for ${site.name}, a hybrid scenario every ${Math.round(cfg.scenarioEveryMs / 1000)} s`,
      );
    }
    return {
      port: http.port,
      mqttUrl,
      store,
      bus,
      ingest: worker?.ingest ?? null,
      tokensFile: access.file,
      firstStartToken: access.firstStart,
      stop,
    };
  } catch (err) {
    await stop();
    if (unshownToken) rmSync(unshownToken, { force: true });
    throw err;
  }
}
