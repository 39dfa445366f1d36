// A start racing another for the same data directories, for data-dir-lock.test.ts:
// `race-for-lock.ts <at-ms> <gap-ms> <dir>…` tries each directory at `at + i × gap` (both
// racers get the same times, so they try at once), keeps what it takes for a while, and prints one line
// per directory: `locked` or the refusal.
import { lockDataDir, type DataDirLock } from '../data-dir-lock.ts';

const [at, gap, ...dirs] = process.argv.slice(2);
const held: DataDirLock[] = [];
const lines: string[] = [];
for (const [i, dir] of dirs.entries()) {
  const start = Number(at) + i * Number(gap);
  while (performance.timeOrigin + performance.now() < start); // spin: a timer is too coarse
  try {
    held.push(lockDataDir(dir));
    lines.push('locked');
  } catch (err) {
    lines.push(`refused: ${(err as Error).message}`);
  }
}
console.log(lines.join('\n'));
// Held until the other racer is surely done too, so it never finds one released.
setTimeout(() => held.forEach((lock) => lock.release()), 1_000);
