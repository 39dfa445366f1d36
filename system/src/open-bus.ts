// The bus between the roles: Apache Kafka when KAFKA_BROKERS is set, else in-process.
import { MemoryBus, KafkaBus, type Bus, type Logger } from '@portwatch/ingest';
import { STORE_WRITER_GROUP } from '@portwatch/api';
import { TOPICS, type Site } from '@portwatch/schema';
import type { SystemConfig } from './config.ts';
import type { Progress } from './progress.ts';

export async function openBus(cfg: SystemConfig, site: Site, progress: Progress, log: Logger): Promise<Bus> {
  if (!cfg.kafkaBrokers) {
    progress('bus: in-process (set KAFKA_BROKERS to use Apache Kafka)');
    // With the store in this process, an indicator or dead letter counts as published once it
    // is stored: nothing else of the in-process bus survives a crash (ingest acknowledges after).
    const storesHere = cfg.role === 'all' || cfg.role === 'api';
    return new MemoryBus(
      storesHere ? { settledBy: { groupId: STORE_WRITER_GROUP, topics: [TOPICS.indicators, TOPICS.deadLetter] } } : {},
    );
  }
  progress(`bus: connecting to Apache Kafka at ${cfg.kafkaBrokers.join(',')}`);
  const kafka = new KafkaBus({
    brokers: cfg.kafkaBrokers,
    clientId: `portwatch-${site.id}-${cfg.role}`,
    namespace: cfg.kafkaNamespace,
    ...cfg.kafkaSecurity,
    onAssignment: (groupId, assignment) => log.info('kafka partitions assigned', { groupId, assignment }),
  });
  await kafka.connect().catch(async (err: Error) => {
    await kafka.close().catch(() => {});
    throw new Error(kafkaRefusal(cfg, err));
  });
  return kafka;
}

/** What went wrong connecting to Kafka, naming the brokers and the variables to check (not a kafkajs stack). */
function kafkaRefusal(cfg: SystemConfig, err: Error): string {
  const at = `Kafka at ${cfg.kafkaBrokers!.join(',')}`;
  const sasl = cfg.kafkaSecurity?.sasl;
  if (err.name === 'KafkaJSSASLAuthenticationError' || /SASL/.test(err.message))
    return sasl
      ? `${at} refused the SASL ${sasl.mechanism} credentials of user "${sasl.username}": check KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (${err.message})`
      : `${at} asks for SASL authentication: set KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (${err.message})`;
  if (/certificate|self.signed|unable to verify/i.test(err.message))
    return `${at}: its TLS certificate is not trusted: set KAFKA_CA_FILE to the CA that signed it (${err.message})`;
  // A broker that wants TLS or SASL and gets neither just closes the connection: say what to try.
  const hint = !cfg.kafkaSecurity?.ssl
    ? ' (if the brokers speak TLS, set KAFKA_SSL=true)'
    : !sasl
      ? ' (if the brokers ask for SASL, set KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD)'
      : '';
  return `cannot reach ${at}: ${err.message}${hint}`;
}
