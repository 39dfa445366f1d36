// `portwatch start`: the embedded system, with progress and a last line saying where to look.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFromEnv, ConfigError } from '@portwatch/api/system/config';
import { startSystem } from '@portwatch/api/system/start-system';
import { parseArgs } from './args.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function start(argv: string[]): Promise<number> {
  parseArgs(argv, {});
  const t0 = Date.now();
  const say = (msg: string) => process.stdout.write(`[portwatch ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}\n`);
  let cfg;
  try {
    cfg = configFromEnv();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`portwatch: configuration: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const { webIsStale, buildWeb } = (await import(join(root, 'bin', 'build-web.js'))) as { webIsStale(): boolean; buildWeb(): boolean };
  if (webIsStale()) {
    say('building the web app (first start only)…');
    if (!buildWeb()) say('web build failed: the API runs, the page will not');
  }
  const system = await startSystem(cfg, say, join(root, 'web', 'dist'));
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping…`);
    await system.stop();
    say('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  say(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s — open http://localhost:${system.port}`);
  await new Promise(() => {});
  return 0;
}
