#!/usr/bin/env node
// Builds the web app into web/dist when its sources are newer than the build.
// Runs after `npm install` so that `npm start` serves a built app within seconds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const dist = join(web, 'dist', 'index.html');

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export function webIsStale() {
  if (!existsSync(dist)) return true;
  const built = statSync(dist).mtimeMs;
  return newest(web) > built || newest(join(root, 'schema', 'src')) > built;
}

export function buildWeb({ quiet = false } = {}) {
  if (!existsSync(join(web, 'index.html'))) return true;
  if (!existsSync(join(root, 'node_modules', 'vite'))) {
    if (!quiet) console.log('portwatch: web build skipped (vite is not installed yet)');
    return true;
  }
  if (!quiet) console.log('portwatch: building the web app (vite build)…');
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: web,
      stdio: 'inherit',
    },
  );
  return r.status === 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && !webIsStale()) process.exit(0);
  // A failed build must not fail `npm install`: `npm start` tries again and says so.
  if (!buildWeb()) console.warn('portwatch: the web app did not build; `npm start` will try again');
  process.exit(0);
}
