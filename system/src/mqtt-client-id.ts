// Ingest's MQTT client id: MQTT_CLIENT_ID when set, else "portwatch-ingest-<site>-" and 12
// random characters made on first start and kept in the data dir. Not the host name: a
// client id that can be guessed can be used to take the session (and its queued records).
// The id last used is remembered, so a changed id can drop the session the old one left.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { dropMqttSession } from '@portwatch/ingest';
import type { SystemConfig } from './config.ts';
import type { Progress } from './progress.ts';

export interface IngestClientId {
  clientId: string;
  /** The id used before, when it differs: its persistent session should be dropped. */
  previous: string | null;
}

export function ingestClientId(cfg: Pick<SystemConfig, 'dataDir' | 'mqttClientId'>, siteId: string): IngestClientId {
  const file = join(cfg.dataDir, 'mqtt-client-id');
  let last: string | null = null;
  try {
    last = readFileSync(file, 'utf8').trim() || null;
  } catch {
    // First start (or no data dir yet).
  }
  const own = `portwatch-ingest-${siteId}-`;
  const clientId =
    cfg.mqttClientId ??
    (last?.startsWith(own) ? last : own + randomBytes(9).toString('base64url').replace(/[-_]/g, 'x'));
  if (clientId !== last) {
    try {
      mkdirSync(cfg.dataDir, { recursive: true });
      writeFileSync(file, clientId + '\n', { mode: 0o600 });
    } catch {
      // A read-only data dir: the id still works; it is only not remembered.
    }
  }
  return { clientId, previous: last !== null && last !== clientId ? last : null };
}

/** Drops the persistent session of ingest's previous client id; a failure is reported, not fatal. */
export async function dropOldSession(cfg: SystemConfig, previous: string, progress: Progress): Promise<void> {
  try {
    await dropMqttSession(cfg.mqttUrl!, previous, {
      username: cfg.mqttUsername,
      password: cfg.mqttPassword,
      ...cfg.mqttTls,
    });
    progress(`MQTT: dropped the persistent session of the previous client id ${previous}`);
  } catch (err) {
    progress(
      `MQTT: could not drop the session of the previous client id ${previous} (${(err as Error).message}); the broker expires it (persistent_client_expiration)`,
    );
  }
}
