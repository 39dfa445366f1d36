// Starts the whole system in-process for a test, on free ports and a temporary data dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSystem, type RunningSystem, type SystemConfig } from '@portwatch/system';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface TestSystem {
  system: RunningSystem;
  base: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startTestSystem(overrides: Partial<SystemConfig> = {}): Promise<TestSystem> {
  const dataDir = mkdtempSync(join(tmpdir(), 'portwatch-test-'));
  const cfg: SystemConfig = {
    role: 'all',
    riskHalfLifeMs: 900_000,
    allowedLatenessMs: 300_000,
    port: 0,
    mqttPort: 0,
    dataDir,
    siteId: 'valencia',
    simulate: false,
    scenarioEveryMs: 3_600_000,
    decodeThreads: 1,
    mqttClientId: `portwatch-test-${process.pid}-${Date.now()}`,
    ...overrides,
  };
  const system = await startSystem(cfg, () => {}, join(ROOT, 'web', 'dist'));
  return {
    system,
    base: `http://127.0.0.1:${system.port}`,
    dataDir,
    stop: async () => {
      await system.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A GET without a token: only /api/health answers it (signedIn() from @portwatch/api/testing for the rest). */
export async function getJson<T = unknown>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function eventually<T>(
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
