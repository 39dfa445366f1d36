// What a process needs to reach Portwatch's Kafka cluster, and the kafkajs client made from
// it. These options are plain data: the bus posts them to its decode threads, which open
// clients of their own on the same cluster and namespace.
import { Kafka, logLevel } from 'kafkajs';
import { kafkaLog } from './kafka-log.ts';

/** What another thread needs to open a client of its own on the same cluster (no callbacks). */
export interface KafkaClientOptions {
  brokers: string[];
  clientId?: string;
  /** Partitions of Portwatch's own topics: the most instances a consumer group can use. */
  partitions?: number;
  replicationFactor?: number;
  /**
   * TLS to the brokers: true for the system's trusted CAs, or the CA that signed the brokers'
   * certificates and a client certificate and key (PEM) for brokers that ask for one.
   * rejectUnauthorized defaults to true.
   */
  ssl?: boolean | { ca?: string; cert?: string; key?: string; rejectUnauthorized?: boolean };
  /** SASL authentication (over TLS unless the network is trusted: PLAIN sends the password as is). */
  sasl?:
    | { mechanism: 'plain'; username: string; password: string }
    | { mechanism: 'scram-sha-256'; username: string; password: string }
    | { mechanism: 'scram-sha-512'; username: string; password: string };
  /**
   * Prefix of every topic and consumer group ("<ns>.<topic>", "<ns>.<group>"), so several
   * sites or test runs can share one cluster without seeing each other. Handlers see the
   * logical topic names.
   */
  namespace?: string;
}

export function kafkaClient(o: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId: o.clientId ?? 'portwatch',
    brokers: o.brokers,
    // Copies: kafkajs writes its SCRAM authenticator (a function) into the objects it is
    // given, and these options are also posted to decode threads (KafkaBus.clientOptions),
    // where a function cannot be cloned.
    ssl: typeof o.ssl === 'object' ? { ...o.ssl } : o.ssl,
    sasl: o.sasl ? { ...o.sasl } : undefined,
    logLevel: logLevel.ERROR,
    logCreator: kafkaLog,
    retry: { initialRetryTime: 300, retries: 10 },
  });
}
