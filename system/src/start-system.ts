// The composition root: Portwatch's services for one role — all of them in one process on
// embedded defaults (ROLE=all), or one role of a scaled deployment (worker, api, simulator).
// Storage and HTTP come from @portwatch/api, ingest and correlation from @portwatch/ingest
// (roles/worker-role.ts), traffic from @portwatch/simulators (roles/simulator-role.ts).
// Progress is reported step by step.
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import {
  startEmbeddedBroker,
  jsonLogger,
  MemoryBus,
  type Bus,
  type EmbeddedBroker,
  type IngestService,
} from '@portwatch/ingest';
import {
  openDb,
  redact,
  migrate,
  Store,
  LiveHub,
  StoreWriter,
  createApp,
  createHealthApp,
  listenHttp,
  AccessControl,
  AuditTrail,
  Retention,
  LiveFollower,
  storedIndicatorsSince,
  storedResolvesSince,
  storedIncidentsSince,
  sopChecklists,
  resolveNotifier,
  ExerciseService,
  ExerciseStore,
  type ApiContext,
  type ComponentStatus,
} from '@portwatch/api';
import { LIVE_VERSION, type LiveEvent } from '@portwatch/schema';
import type { SystemConfig } from './config.ts';
import { loadSiteBundle } from './load-site-bundle.ts';
import { setUpAccess, type FirstStartToken } from './access-setup.ts';
import { openBus } from './open-bus.ts';
import { dropOldSession, ingestClientId } from './mqtt-client-id.ts';
import { sessionMetrics } from './mqtt-session-metrics.ts';
import { memoryMetrics } from './memory-metrics.ts';
import { limitHeapGrowth } from './heap-growth.ts';
import { lockDataDir } from './lock/data-dir-lock.ts';
import { assertPortFree } from './lock/port-free.ts';
import type { Progress } from './progress.ts';
import { startWorker, type WorkerRole } from './roles/worker-role.ts';
import { startSimulators } from './roles/simulator-role.ts';
import { ScenarioRunner } from './exercise/scenario-runner.ts';
import { publisherCredentials } from './mqtt-publishing.ts';
import { longestSuppressMs, rebuildWindowMs } from './rebuild-window.ts';

export type { Progress } from './progress.ts';

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
  limitHeapGrowth(cfg.heapGrowthPercent);
  try {
    progress(`role: ${cfg.role}; loading site "${cfg.siteId}"`);
    const bundle = await loadSiteBundle(cfg.siteId);
    const { site, feeds, rules } = bundle;
    progress(
      `site ${site.name}: ${site.zones.features.length} zones, ${site.sensors.features.length} sensors, ${feeds.length} feeds, ${rules.length} rules`,
    );
    const withApi = cfg.role === 'all' || cfg.role === 'api';
    const withWorker = cfg.role === 'all' || cfg.role === 'worker';
    // Refused here, before anything is opened: a rebuild window a rule does not fit in.
    const rebuildMs = withWorker ? rebuildWindowMs(cfg, rules) : 0;
    // Before anything in the data directory or on the network is opened: the embedded
    // database has one writer, and a port in use fails here, not after a broker started.
    if (withApi && !cfg.databaseUrl) {
      const lock = lockDataDir(cfg.dataDir);
      stops.push(async () => lock.release());
      progress(`data directory ${cfg.dataDir} locked for this instance (${lock.file})`);
    }
    await assertPortFree(cfg.port);
    const access = setUpAccess(cfg, log);
    unshownToken = access.firstStart?.file ?? null;
    progress(access.summary);

    let store: Store | null = null;
    let restore: Parameters<typeof startWorker>[6];
    let dbKind = 'none';
    let pgliteBytes: (() => number) | undefined;
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
      pgliteBytes = db.wasmMemoryBytes;
      // On Kafka a worker rebuilds from the indicators topic; the in-process bus starts empty.
      if (!cfg.kafkaBrokers) {
        const since = Date.now() - rebuildMs;
        // An incident last seen up to its suppression before the window may still go on in it.
        const incidentsSince = since - longestSuppressMs(rules);
        restore = async () => ({
          indicators: storedIndicatorsSince(db, since),
          resolves: await storedResolvesSince(db, incidentsSince),
          incidents: await storedIncidentsSince(db, incidentsSince),
        });
      }
      // Before the writer starts: today's and the next days' partitions exist when rows come.
      const retention = new Retention(db, {
        days: cfg.retentionDays ?? 30,
        incidentDays: cfg.incidentRetentionDays ?? 365,
        auditDays: cfg.auditRetentionDays ?? 365,
      });
      const report = (r: Awaited<ReturnType<Retention['run']>>) => {
        if (r.dropped.length || r.moved || r.deleted) log.info('retention', { ...r });
        // Several API instances race to make the same day on one PostgreSQL: the loser says so and retries next hour.
        if (r.errors.length)
          log.warn('retention: some steps failed; they are tried again next run', { errors: r.errors });
      };
      report(await retention.run());
      retention.start(3_600_000, report);
      stops.push(() => retention.stop());
      progress(`retention: indicators and dead letters ${cfg.retentionDays ?? 30} days (daily partitions)`);
    }

    const bus = await openBus(cfg, site, progress, log);
    stops.push(() => bus.close());

    let mqttUrl = cfg.mqttUrl ?? '';
    const ingestId = withWorker ? ingestClientId(cfg, site.id) : null;
    let embedded: EmbeddedBroker | null = null;
    if (!mqttUrl && (withWorker || cfg.simulate)) {
      const broker = (embedded = await startEmbeddedBroker(cfg.mqttPort, {
        ...cfg.embeddedMqtt,
        // Ingest takes the sensors' records in-process (no client, no session anyone could
        // take over), and each PUBACK waits until what the record produced is stored.
        holdAcks: withWorker,
        onRefused: (reason, clientId) => log.warn('security: the embedded MQTT broker refused', { reason, clientId }),
      }));
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
    // On Kafka every API instance follows the live streams itself (a group of its own), so a
    // browser on any instance sees every change; the in-process bus has one instance.
    let follower: LiveFollower | null = null;
    if (store && bus.kind === 'kafka') {
      follower = new LiveFollower(bus, hub, log);
      await follower.start();
      stops.push(() => follower!.stop());
    }
    const broadcast = (messages: LiveEvent[]) => {
      if (!follower) return hub.broadcast(messages);
      const incidents = messages.flatMap((m) => (m.type === 'incident' ? [m.data] : []));
      const rest = messages.filter((m) => m.type !== 'incident');
      if (rest.length) hub.broadcast(rest);
      follower
        .publishIncidents(incidents)
        .catch((err: Error) =>
          log.error('incident change not fanned out to the other API instances', { error: err.message }),
        );
    };
    if (store) {
      writer = new StoreWriter(bus, store, hub, {
        checklist: sopChecklists(rules, bundle.sops),
        fanOut: follower ?? undefined,
      });
      await writer.start();
      stops.push(() => writer!.stop());
    }

    let worker: WorkerRole | null = null;
    if (withWorker) {
      progress('ingest and correlation: connecting sources');
      if (ingestId?.previous && cfg.mqttUrl) await dropOldSession(cfg, ingestId.previous, progress);
      const ingestCfg = { ...cfg, mqttClientId: ingestId!.clientId };
      worker = await startWorker(ingestCfg, bundle, bus, mqttUrl, log, stops, restore, embedded ?? undefined);
    }

    // Exercises run where the API does: it publishes their records to the brokers.
    let exercises: ExerciseService | undefined;
    if (store) {
      exercises = new ExerciseService({
        store: new ExerciseStore(store.db),
        runner: new ScenarioRunner({
          bundle,
          bus,
          mqttUrl: mqttUrl || null,
          mqttCredentials: publisherCredentials(cfg),
        }),
        siteId: site.id,
        log: (msg, fields) => log.info(msg, fields),
      });
      const stale = await exercises.recover();
      if (stale) progress(`exercises: ${stale} left running by the last process marked stopped`);
      const running = exercises;
      stops.push(() => running.close());
    }

    const startedAt = new Date();
    const components = (): ComponentStatus[] => [
      ...(store
        ? [
            writer?.status.status === 'degraded'
              ? { name: 'storage', status: 'degraded' as const, detail: `${dbKind}: ${writer.status.detail}` }
              : { name: 'storage', status: 'up' as const, detail: dbKind },
          ]
        : []),
      { name: 'bus', status: 'up', detail: bus.kind },
      ...(worker
        ? [
            {
              name: 'mqtt',
              status: worker.ingest.mqttStatus === 'connected' ? ('up' as const) : ('degraded' as const),
              detail:
                worker.ingest.mqttStatus +
                (worker.ingest.mqttTakeovers ? `; session takeover suspected ${worker.ingest.mqttTakeovers}×` : '') +
                (worker.brokerLog?.refused['oversize-packet']
                  ? `; the broker refused ${worker.brokerLog.refused['oversize-packet']} oversize packet(s)`
                  : ''),
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
      ...sessionMetrics(
        worker?.ingest.mqttTakeovers ?? null,
        embedded?.counters ?? null,
        worker?.brokerLog?.refused ?? null,
      ),
      '# HELP portwatch_live_clients WebSocket clients connected to /api/live.',
      '# TYPE portwatch_live_clients gauge',
      `portwatch_live_clients ${hub.size}`,
      ...memoryMetrics({ pgliteBytes, windows: worker?.windowStats }),
      ...(bus instanceof MemoryBus ? bus.metrics() : []),
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
            broadcast,
            incidentResolved: resolveNotifier(bus, worker?.correlate ?? null),
            exercises,
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
      () => ({ type: 'hello', data: { version: LIVE_VERSION, siteId: site.id, serverTime: new Date().toISOString() } }),
      accessControl,
    );
    stops.push(() => http.close());
    progress(store ? `API and web app on port ${http.port}` : `health and metrics on port ${http.port}`);

    if (cfg.simulate) {
      const sim = await startSimulators(cfg, bundle, bus, mqttUrl, log, progress);
      // Before the HTTP server in the stop order: traffic ends before the API goes.
      stops.splice(stops.length - 1, 0, () => sim.stop());
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
