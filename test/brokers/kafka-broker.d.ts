// Types for kafka-broker.js: a real single-node KRaft Kafka broker (jars from Maven Central).

/** Version pinned for kafkajs 2.2.4 (see the comment at the top of kafka-broker.js). */
export const DEFAULT_KAFKA_VERSION: string;
/** DEFAULT_KAFKA_VERSION unless PORTWATCH_KAFKA_VERSION is set. */
export const KAFKA_VERSION: string;
export const SCALA_BINARY_VERSION: string;
export const DEFAULT_PORT: number;
export const DEFAULT_TIMEOUT_MS: number;
/** Every listener binds here: "127.0.0.1". */
export const HOST: string;

/** `exitCode` is 2 when a prerequisite (java, mvn) is missing, 1 otherwise. */
export class KafkaBrokerError extends Error {
  exitCode: number;
  constructor(message: string, exitCode?: number);
}

export type LogFn = (line: string) => void;

/** $PORTWATCH_CACHE/kafka-<version>, else <repo>/.cache/kafka-<version>. */
export function kafkaCacheDir(version?: string): string;
/** Path of java ($JAVA_HOME/bin/java, else PATH); throws KafkaBrokerError(exitCode 2) if missing or too old. */
export function findJava(version?: string): string;
/** Path of mvn on PATH; throws KafkaBrokerError(exitCode 2) if missing. */
export function findMaven(): string;

export interface EnsureKafkaJarsOptions {
  version?: string;
  cacheDir?: string;
  /** Re-download even if the marker says lib/ is complete. */
  force?: boolean;
  log?: LogFn;
}

export interface KafkaJars {
  version: string;
  cacheDir: string;
  libDir: string;
  /** "<libDir>/*", for java -cp. */
  classpath: string;
  jars: string[];
  /** false when lib/ was already complete. */
  fetched: boolean;
  ms: number;
}

/** Fetch the broker's runtime jars via `mvn dependency:copy-dependencies` once; later calls just check the marker. Safe to call from parallel processes. */
export function ensureKafkaJars(opts?: EnsureKafkaJarsOptions): Promise<KafkaJars>;

export type ApiVersionRanges = Record<number, [min: number, max: number]>;

export type ProbeResult = { ok: true; apiVersions: ApiVersionRanges; brokers: number } | { ok: false; reason: string };

/** One ApiVersions + Metadata round trip; never rejects. */
export function probeKafka(port: number, opts?: { host?: string; timeoutMs?: number }): Promise<ProbeResult>;

export interface WaitForKafkaOptions {
  host?: string;
  intervalMs?: number;
  log?: LogFn;
  /** If this settles first (e.g. "exited (code 1)"), stop waiting and reject. */
  exited?: Promise<string>;
}

/** Poll until a broker on port answers ApiVersions and lists itself in Metadata; rejects on timeout (default 60 s). */
export function waitForKafka(
  port: number,
  timeoutMs?: number,
  opts?: WaitForKafkaOptions,
): Promise<{ ms: number; apiVersions: ApiVersionRanges }>;

export interface StartKafkaOptions {
  /** Client (PLAINTEXT) port on 127.0.0.1. Default 9092. */
  port?: number;
  /** KRaft controller port on 127.0.0.1. Default port + 1. */
  controllerPort?: number;
  /** Instance dir (config, kafka.log, kafka.pid, logs/ = log.dirs). Default <cacheDir>/data-<port>. Reuse it to restart with the same topics/offsets. */
  dataDir?: string;
  /** Delete dataDir first (new cluster id, empty). */
  fresh?: boolean;
  /**
   * The broker's server.properties exactly as given (listeners, security, …) instead of the
   * generated single-listener ones; only `log.dirs` is set to <dataDir>/logs. `port` must then
   * be a PLAINTEXT listener in them (readiness is probed there, and `brokers` names it) and
   * `controllerPort` the controller's.
   */
  properties?: Record<string, string>;
  /** Default 60000. */
  timeoutMs?: number;
  version?: string;
  cacheDir?: string;
  /** Max heap, default "512m". */
  heap?: string;
  /** 'file' (default): stdout/stderr appended to <dataDir>/kafka.log. 'inherit': this process's stdio. */
  stdio?: 'file' | 'inherit';
  /** Let the broker outlive this process (CLI `start`). Default false: it is SIGKILLed when this process exits. */
  detached?: boolean;
  log?: LogFn;
}

export interface KafkaHandle {
  port: number;
  controllerPort: number;
  /** "127.0.0.1:<port>", for new Kafka({ brokers: [handle.brokers] }). */
  brokers: string;
  pid: number;
  version: string;
  dataDir: string;
  /** null when stdio was 'inherit'. */
  logFile: string | null;
  /** ms from the call to the broker answering. */
  startupMs: number;
  /** Settles when the JVM has exited. Await it after kill() before restarting on the same dataDir/ports. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (controlled shutdown), SIGKILL after timeoutMs (default 30000); resolves once the JVM is gone. */
  stop(opts?: { timeoutMs?: number }): Promise<void>;
  /** Send a signal (default SIGKILL) without waiting. */
  kill(signal?: NodeJS.Signals): void;
}

/** Format KRaft storage if needed, start the broker, resolve once it answers the Kafka protocol. */
export function startKafka(opts?: StartKafkaOptions): Promise<KafkaHandle>;

/** Pid from <dataDir>/kafka.pid if that process is alive and is kafka.Kafka, else null. */
export function runningPid(dataDir: string): number | null;

/** Stop the broker recorded in <dataDir>/kafka.pid. pid null = nothing was running. */
export function stopKafkaByPidFile(
  dataDir: string,
  opts?: { timeoutMs?: number },
): Promise<{ pid: number | null; forced: boolean }>;
