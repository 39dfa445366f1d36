// The worker role: ingest (MQTT and Kafka sources, decode threads, the feeds.yaml watcher) and
// correlation. The embedded default runs it in the same process as the API.
import { hostname } from 'node:os';
import {
  BrokerLogWatch,
  BrokerRefusal,
  Pipeline,
  watchFeeds,
  reprocessThrough,
  DEFAULT_ENRICHERS,
  IngestService,
  DecodeThread,
  KafkaBus,
  CorrelateService,
  CorrelationEngine,
  IncidentFollower,
  RecentIncidents,
  RiskModel,
  splitByStage,
  findingFilter,
  findingHorizon,
  SITE_STAGE_GROUP,
  siteLocator,
  type Bus,
  type EmbeddedBroker,
  type Logger,
} from '@portwatch/ingest';
import { TOPICS, type Incident, type Indicator } from '@portwatch/schema';
import { decoderFactories } from '@portwatch/ingest/decoders';
import type { SystemConfig } from '../config.ts';
import type { SiteBundle } from '../load-site-bundle.ts';
import { refusalNamingSettings } from '../mqtt-publishing.ts';
import { longestSuppressMs, rebuildWindowMs } from '../rebuild-window.ts';

export type WorkerRole = Awaited<ReturnType<typeof startWorker>>;

/** Ingest and correlation: what a worker instance runs. */
export async function startWorker(
  cfg: SystemConfig,
  bundle: SiteBundle,
  bus: Bus,
  mqttUrl: string,
  log: Logger,
  stops: (() => Promise<void>)[],
  /**
   * Embedded restarts: the stored recent indicators and resolves that rebuild correlation
   * windows, and the incidents lately active, which the rebuilt windows go on with.
   */
  restore?: () => Promise<{
    indicators: AsyncIterable<Indicator[]>;
    resolves: { incidentId: string; atMs: number }[];
    incidents: Incident[];
  }>,
  /** The embedded default's broker: ingest takes its records in-process, acknowledged once stored. */
  embeddedBroker?: EmbeddedBroker,
) {
  const { site, feeds, rules } = bundle;
  const zoneNames = Object.fromEntries(site.zones.features.map((f) => [f.properties.id, f.properties.name]));
  // On Kafka, workers split the zones: rules spanning zones run in a second, site-keyed stage
  // (ingest/src/correlate/stages.ts). The in-process bus has one consumer, so one stage.
  const twoStage = Boolean(cfg.kafkaBrokers);
  const staged = twoStage ? splitByStage(rules) : { zone: rules, site: [] };
  const engineFor = (list: typeof rules) => () =>
    new CorrelationEngine(list, { assets: site.assets, zoneNames, allowedLatenessMs: cfg.allowedLatenessMs });
  const makeEngine = engineFor(staged.zone);
  // Each worker holds some zones: a zone's risk is raised where its indicators are, other
  // workers' raises of it reach it as effects (ingest/src/correlate/zone-effects.ts).
  const makeRisk = () =>
    new RiskModel(site.id, Object.keys(zoneNames), {
      assets: site.assets,
      halfLifeMs: cfg.riskHalfLifeMs,
      partial: twoStage,
    });
  const windowMs = rebuildWindowMs(cfg, rules);
  const horizonMs = windowMs + cfg.allowedLatenessMs;
  const zoneEffects = twoStage ? { horizonMs } : undefined;
  // On Kafka, the incidents every worker publishes, read before any zone is taken: the worker a
  // zone moves to goes on with the zone's open incidents (ingest/src/correlate/recent-incidents.ts).
  let recentIncidents: RecentIncidents | undefined;
  if (cfg.kafkaBrokers) {
    const adoptMs = windowMs + longestSuppressMs(rules);
    recentIncidents = new RecentIncidents(adoptMs + cfg.allowedLatenessMs);
    const follower = new IncidentFollower({
      bus,
      into: recentIncidents,
      rewindMs: adoptMs,
      groupId: 'portwatch-correlate.incidents',
      log,
    });
    await follower.start();
    stops.push(() => follower.stop());
  }
  const correlate = new CorrelateService({
    bus,
    engine: makeEngine(),
    risk: makeRisk(),
    log,
    rebuild: cfg.kafkaBrokers ? { windowMs, makeEngine, makeRisk } : undefined,
    recentIncidents,
    findings: staged.site.length ? findingFilter(staged.site) : undefined,
    zoneEffects,
  });
  let siteStage: CorrelateService | null = null;
  if (staged.site.length) {
    const makeSiteEngine = engineFor(staged.site);
    siteStage = new CorrelateService({
      bus,
      engine: makeSiteEngine(),
      risk: makeRisk(),
      log,
      groupId: SITE_STAGE_GROUP,
      topic: TOPICS.findings,
      siteStage: { horizonOf: findingHorizon(staged.site, cfg.allowedLatenessMs) },
      zoneEffects,
      rebuild: { windowMs, makeEngine: makeSiteEngine, makeRisk },
      recentIncidents,
    });
    const started = siteStage;
    await started.start();
    stops.push(() => started.stop());
  }
  if (restore) {
    const { indicators, resolves, incidents } = await restore();
    const n = await correlate.rebuildFrom(indicators, resolves, incidents);
    if (n)
      log.info('correlation windows rebuilt from the store', {
        indicators: n,
        resolves: resolves.length,
        incidents: incidents.length,
      });
  }
  await correlate.start();
  stops.push(() => correlate.stop());
  const pipeline = new Pipeline({
    siteId: site.id,
    feeds,
    locator: siteLocator(site),
    decoders: decoderFactories,
    enrichers: DEFAULT_ENRICHERS,
  });
  // On Kafka, feeds are decoded in worker threads, which also produce the indicators, while this
  // thread runs the consumer. The embedded default keeps one thread: a laptop's demo traffic
  // does not need more.
  const decodeThread =
    bus.kind === 'kafka' && cfg.decodeThreads > 0
      ? new DecodeThread({
          siteDir: site.dir,
          feeds,
          threads: cfg.decodeThreads,
          mainThreadFormats: Object.keys(DEFAULT_ENRICHERS),
          publish: bus instanceof KafkaBus ? bus.clientOptions() : undefined,
          onRestart: (err) =>
            log.error('decode thread died; restarted, its batches are read again from Kafka', { error: err.message }),
        })
      : undefined;
  await decodeThread?.start();
  const mqttClientId = cfg.mqttClientId ?? `portwatch-ingest-${site.id}-${hostname()}`;
  const ingest = new IngestService({
    pipeline,
    bus,
    log,
    decodeThread,
    embeddedBroker,
    mqtt: {
      url: mqttUrl,
      clientId: mqttClientId,
      username: cfg.mqttUsername,
      password: cfg.mqttPassword,
      ...cfg.mqttTls,
      shareGroup: cfg.mqttShareGroup,
    },
  });
  await ingest.start().catch((err: Error) => {
    throw err instanceof BrokerRefusal ? refusalNamingSettings(err) : err;
  });
  stops.push(() => ingest.stop());
  // What an external broker refused never reaches ingest: Mosquitto says so in its log on $SYS.
  const brokerLog = cfg.mqttUrl
    ? new BrokerLogWatch({
        url: mqttUrl,
        clientId: `${mqttClientId}-log`,
        username: cfg.mqttUsername,
        password: cfg.mqttPassword,
        ...cfg.mqttTls,
        onRefused: (reason, clientId) => log.warn('security: the MQTT broker refused a client', { reason, clientId }),
      })
    : null;
  if (brokerLog) {
    brokerLog.start();
    stops.push(() => brokerLog.stop());
  }
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
    brokerLog,
    correlate,
    watcher,
    feedConfigs: () => currentFeeds,
    /** Both stages' live correlation state. */
    windowStats: () => {
      const zone = correlate.windowStats();
      const site = siteStage?.windowStats() ?? { groups: 0, entries: 0 };
      return { groups: zone.groups + site.groups, entries: zone.entries + site.entries };
    },
    reprocess: reprocessThrough(pipeline, bus),
  };
}
