export const MOSQUITTO_BIN: string;

/** `exitCode` is 2 when mosquitto is not installed, 1 otherwise. */
export class MosquittoError extends Error {
  exitCode: number;
  constructor(message: string, exitCode?: number);
}

export interface StartMosquittoOptions {
  /** Listener port on 127.0.0.1 (required; see freePort()). */
  port: number;
  /** Holds mosquitto.conf, mosquitto.db (persistence) and mosquitto.log. Reuse it across restarts. */
  persistenceDir: string;
  /** Wait this long for an MQTT CONNACK (default 15000). */
  timeoutMs?: number;
  /** Seconds between persistence saves (default 1: a SIGKILL loses at most ~1 s of state). */
  autosaveInterval?: number;
  /** Extra mosquitto.conf lines. */
  extraConfig?: string[];
}

export interface MosquittoHandle {
  port: number;
  /** mqtt://127.0.0.1:<port> */
  url: string;
  pid: number;
  persistenceDir: string;
  logFile: string;
  startupMs: number;
  /** Settles when the process has exited (await it after kill() before restarting on the same port). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (mosquitto saves its db), SIGKILL after 10 s; resolves when the process is gone. */
  stop(): Promise<void>;
  /** Send a signal (default SIGKILL) without waiting; await `exited` if needed. */
  kill(signal?: NodeJS.Signals): void;
}

/** Throws MosquittoError (exitCode 2) when the binary is missing; returns its path. */
export function findMosquitto(): string;
/** One MQTT 3.1.1 CONNECT/CONNACK round trip; never rejects. */
export function probeMqtt(port: number, opts?: { host?: string; timeoutMs?: number }): Promise<boolean>;
/** Start mosquitto on 127.0.0.1:<port> with persistence; resolves once it answers MQTT CONNECT. */
export function startMosquitto(opts: StartMosquittoOptions): Promise<MosquittoHandle>;
