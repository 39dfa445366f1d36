// Hot reload of a site's feeds.yaml: a new or changed feed is picked up without a restart.
// A broken file never replaces working feeds: the old set keeps running and the error,
// naming the file and the key, goes to onError until the file is fixed.
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeedConfig } from '@portwatch/schema';
import { FeedConfigError, parseFeeds, type FeedCheckContext } from './load-feeds.ts';

export interface FeedWatcherOptions {
  /** Editors write a file in several steps (truncate, write, rename); wait for the last. */
  debounceMs?: number;
}

export interface FeedWatcher {
  stop(): void;
  /** The problem with the file on disk now, or null when the running feeds match it. */
  readonly problem: FeedConfigError | null;
}

export function watchFeeds(
  siteDir: string,
  ctx: FeedCheckContext,
  onChange: (feeds: FeedConfig[]) => void | Promise<void>,
  onError: (err: FeedConfigError) => void,
  options: FeedWatcherOptions = {},
): FeedWatcher {
  const file = join(siteDir, 'feeds.yaml');
  const debounceMs = options.debounceMs ?? 250;
  let timer: NodeJS.Timeout | null = null;
  let lastText: string | null = null;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let problem: FeedConfigError | null = null;

  const fail = (err: FeedConfigError) => {
    problem = err;
    try {
      onError(err);
    } catch {
      // A failing error handler must not take the watcher (or the process) down.
    }
  };

  const reload = async () => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      // Some editors delete and recreate; a vanished file must not switch every feed off.
      fail(
        new FeedConfigError(file, [
          `cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); the feeds loaded before keep running`,
        ]),
      );
      return;
    }
    if (text === lastText && problem === null) return;
    let feeds: FeedConfig[];
    try {
      feeds = parseFeeds(text, file, ctx);
    } catch (err) {
      fail(err instanceof FeedConfigError ? err : new FeedConfigError(file, [String((err as Error).message)]));
      return;
    }
    try {
      await onChange(feeds);
    } catch (err) {
      fail(
        new FeedConfigError(file, [
          `could not apply the new feeds: ${(err as Error).message}; the feeds loaded before keep running`,
        ]),
      );
      return;
    }
    lastText = text;
    problem = null;
  };

  const schedule = () => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      // One reload at a time, in order: a slow onChange must not interleave with the next.
      running = running.then(reload, reload);
    }, debounceMs);
  };

  // The current text is what is running; remember it so a touch without a change is a no-op.
  void readFile(file, 'utf8').then(
    (t) => (lastText ??= t),
    () => undefined,
  );

  let watcher: FSWatcher | null = null;
  try {
    // Watch the folder, not the file: an editor's save-by-rename would orphan a file watch.
    watcher = watch(siteDir, { persistent: false }, (_event, name) => {
      if (name === null || name.toString() === 'feeds.yaml') schedule();
    });
    watcher.on('error', (err) => fail(new FeedConfigError(file, [`stopped watching for changes: ${err.message}`])));
  } catch (err) {
    fail(
      new FeedConfigError(file, [
        `cannot watch for changes: ${(err as Error).message}; restart to pick up feed changes`,
      ]),
    );
  }

  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
    get problem() {
      return problem;
    },
  };
}
