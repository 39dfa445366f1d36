// The simulator role: background traffic for the site and a hybrid scenario every few
// minutes, published to the sensors' MQTT broker (and Kafka feeds on the bus).
import { mqttRefusal, type Bus, type Logger } from '@portwatch/ingest';
import { LiveSimulation } from '@portwatch/simulators';
import type { SystemConfig } from '../config.ts';
import type { SiteBundle } from '../load-site-bundle.ts';
import type { Progress } from '../progress.ts';
import { publisherCredentials, refusalNamingSettings } from '../mqtt-publishing.ts';

export async function startSimulators(
  cfg: SystemConfig,
  bundle: SiteBundle,
  bus: Bus,
  mqttUrl: string,
  log: Logger,
  progress: Progress,
): Promise<LiveSimulation> {
  const { site, feeds } = bundle;
  const mqttCredentials = publisherCredentials(cfg);
  const sim = new LiveSimulation({
    site,
    feeds,
    mqttUrl,
    mqttCredentials,
    bus,
    scenarioEveryMs: cfg.scenarioEveryMs,
    firstScenarioAfterMs: cfg.firstScenarioAfterMs,
    log,
  });
  await sim.start().catch((err: Error) => {
    const refusal = mqttRefusal(mqttUrl, err, mqttCredentials.username);
    throw refusal ? refusalNamingSettings(refusal) : err;
  });
  progress(
    `simulators: background traffic for ${site.name}, a hybrid scenario every ${Math.round(cfg.scenarioEveryMs / 1000)} s`,
  );
  return sim;
}
