// The composition root: Portwatch's services for one role — all of them in one process on
// embedded defaults (ROLE=all), or one role of a scaled deployment (worker, api, simulator).
// Storage and HTTP come from @portwatch/api (open-storage.ts, api-streams.ts), ingest and
// correlation from @portwatch/ingest (roles/worker-role.ts), traffic from @portwatch/simulators
// (roles/simulator-role.ts); what /health and /metrics say is system-status.ts.
// Progress is reported step by step.
import { rmSync } from 'node:fs';
import { jsonLogger, type Bus, type IngestService } from '@portwatch/ingest';
import {
  createApp,
  createHealthApp,
  listenHttp,
  AccessControl,
  AuditTrail,
  resolveNotifier,
  ExerciseService,
  ExerciseStore,
  type ApiContext,
  type Store,
} from '@portwatch/api';
import { LIVE_VERSION } from '@portwatch/schema';
import type { SystemConfig } from './config.ts';
import { loadSiteBundle } from './load-site-bundle.ts';
import { setUpAccess, type FirstStartToken } from './access-setup.ts';
import { openStorage } from './open-storage.ts';
import { openBus } from './open-bus.ts';
import { openMqtt } from './open-mqtt.ts';
import { startApiStreams } from './api-streams.ts';
import { systemStatus } from './system-status.ts';
import { dropOldSession, ingestClientId } from './mqtt-client-id.ts';
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
  limitHeapGrowth(cfg.heapGrowthPercent, cfg.heapCompact);
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
    const rebuild = withWorker ? { windowMs: rebuildWindowMs(cfg, rules), suppressMs: longestSuppressMs(rules) } : null;
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

    const storage = withApi ? await openStorage(cfg, progress, log, stops, rebuild) : null;
    const store = storage?.store ?? null;

    const bus = await openBus(cfg, site, progress, log);
    stops.push(() => bus.close());

    const ingestId = withWorker ? ingestClientId(cfg, site.id) : null;
    const { url: mqttUrl, embedded } = await openMqtt(cfg, withWorker, progress, log, stops);

    const { hub, writer, broadcast } = await startApiStreams(bus, store, bundle, log, stops);

    let worker: WorkerRole | null = null;
    if (withWorker) {
      progress('ingest and correlation: connecting sources');
      if (ingestId?.previous && cfg.mqttUrl) await dropOldSession(cfg, ingestId.previous, progress);
      const ingestCfg = { ...cfg, mqttClientId: ingestId!.clientId };
      worker = await startWorker(ingestCfg, bundle, bus, mqttUrl, log, stops, storage?.restore, embedded ?? undefined);
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
    const { components, metrics } = systemStatus({
      storage: storage?.kind ?? null,
      writer,
      bus,
      worker,
      embedded,
      hub,
      pgliteBytes: storage?.pgliteBytes,
    });
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
