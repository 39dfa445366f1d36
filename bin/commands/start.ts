// `portwatch start`: the embedded system, with progress and a last line saying where to look.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFromEnv, ConfigError, startSystem } from '@portwatch/system';
import { parseArgs } from './args.ts';
import { tokensFileFrom } from './token.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function start(argv: string[]): Promise<number> {
  parseArgs(argv, {});
  const t0 = Date.now();
  const say = (msg: string) =>
    process.stdout.write(`[portwatch ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}\n`);
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
  const { webIsStale, buildWeb } = (await import(join(root, 'bin', 'build-web.js'))) as {
    webIsStale(): boolean;
    buildWeb(): boolean;
  };
  if (webIsStale()) {
    say('building the web app (first start only)…');
    if (!buildWeb()) say('web build failed: the API runs, the page will not');
  }
  let system;
  try {
    system = await startSystem(cfg, say, join(root, 'web', 'dist'));
  } catch (err) {
    // Some settings are checked against the site once it is loaded (REBUILD_WINDOW_S against its rules).
    if (err instanceof ConfigError) {
      process.stderr.write(`portwatch: configuration: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
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
  const url = `http://localhost:${system.port}`;
  const first = system.firstStartToken;
  // The token command finds the same file from the same environment, but it may be typed in
  // another shell without DATA_DIR: name the file unless it is the plain default.
  const fileFlag = system.tokensFile === tokensFileFrom(undefined, {}) ? '' : ` --file ${system.tokensFile}`;
  if (first) {
    // Shown once, on stderr: only its hash is kept, so it cannot be shown again.
    const rule = '─'.repeat(78);
    process.stderr.write(
      [
        '',
        rule,
        ` First start: Portwatch made an admin access token. It is shown only this once;`,
        ` ${first.file} keeps its hash, not the token. Keep it somewhere safe.`,
        '',
        `   ${first.token}`,
        '',
        ' Sign in by opening:',
        `   ${url}/#/login?token=${first.token}`,
        '',
        ' Tokens for colleagues (roles: viewer, analyst, operator, admin):',
        `   npx portwatch token add --name <who> --role viewer${fileFlag}`,
        ` Lost this one? Make another admin token the same way (--role admin).`,
        rule,
        '',
      ].join('\n'),
    );
  }
  say(
    `ready in ${((Date.now() - t0) / 1000).toFixed(1)} s — open ${url}${first ? ' (the sign-in link is above)' : ` and sign in with your access token (npx portwatch token add --name <who> --role viewer${fileFlag} makes one)`}`,
  );
  await new Promise(() => {});
  return 0;
}
