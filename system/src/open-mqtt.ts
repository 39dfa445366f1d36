// The sensors' MQTT broker: MQTT_URL's when set, else one embedded in this process when
// something here speaks MQTT (ingest, the simulators); none otherwise.
import { startEmbeddedBroker, type EmbeddedBroker, type Logger } from '@portwatch/ingest';
import type { SystemConfig } from './config.ts';
import type { Progress } from './progress.ts';

export interface OpenMqtt {
  /** Empty when this process has no broker to speak to. */
  url: string;
  embedded: EmbeddedBroker | null;
}

export async function openMqtt(
  cfg: SystemConfig,
  withWorker: boolean,
  progress: Progress,
  log: Logger,
  stops: (() => Promise<void>)[],
): Promise<OpenMqtt> {
  if (cfg.mqttUrl) {
    progress(`MQTT: broker at ${cfg.mqttUrl}`);
    return { url: cfg.mqttUrl, embedded: null };
  }
  if (!withWorker && !cfg.simulate) return { url: '', embedded: null };
  const broker = await startEmbeddedBroker(cfg.mqttPort, {
    ...cfg.embeddedMqtt,
    // Ingest takes the sensors' records in-process (no client, no session anyone could
    // take over), and each PUBACK waits until what the record produced is stored.
    holdAcks: withWorker,
    onRefused: (reason, clientId) => log.warn('security: the embedded MQTT broker refused', { reason, clientId }),
  });
  stops.push(() => broker.close());
  if (broker.movedFrom !== undefined)
    progress(
      `MQTT port ${broker.movedFrom} is taken (another broker?): the embedded broker listens on ${broker.port} instead`,
    );
  progress(`MQTT: embedded broker on ${broker.url}`);
  return { url: broker.url, embedded: broker };
}
