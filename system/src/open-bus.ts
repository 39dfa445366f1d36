// The bus between the roles: Apache Kafka when KAFKA_BROKERS is set, else in-process.
import { MemoryBus, KafkaBus, type Bus, type Logger } from '@portwatch/ingest';
import type { Site } from '@portwatch/schema';
import type { SystemConfig } from './config.ts';
import type { Progress } from './progress.ts';

export async function openBus(cfg: SystemConfig, site: Site, progress: Progress, log: Logger): Promise<Bus> {
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
