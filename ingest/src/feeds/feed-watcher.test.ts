import { mkdtempSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedConfig } from '@portwatch/schema';
import { watchFeeds, type FeedWatcher } from './feed-watcher.ts';
import type { FeedConfigError } from './load-feeds.ts';

const ctx = { knownFormats: ['onvif', 'nmea', 'eve'], zoneIds: ['gate-north'] };
const ONE = `feeds:\n  - id: access-control\n    transport: mqtt\n    topic: site/access/+\n    format: onvif\n`;
const TWO = ONE + `  - id: ais\n    transport: mqtt\n    topic: site/ais/+\n    format: nmea\n`;

let dir: string;
let watcher: FeedWatcher | null = null;

function start() {
  dir = mkdtempSync(join(tmpdir(), 'pw-feeds-'));
  writeFileSync(join(dir, 'feeds.yaml'), ONE);
  const changes: FeedConfig[][] = [];
  const errors: FeedConfigError[] = [];
  watcher = watchFeeds(
    dir,
    ctx,
    (f) => void changes.push(f),
    (e) => void errors.push(e),
    { debounceMs: 30 },
  );
  return { changes, errors };
}

async function until(check: () => boolean, ms = 3000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting for the watcher');
    await new Promise((r) => setTimeout(r, 20));
  }
}

afterEach(() => {
  watcher?.stop();
  watcher = null;
  rmSync(dir, { recursive: true, force: true });
});

describe('feeds.yaml hot reload', () => {
  it('hands over the new feed set when a feed is added', async () => {
    const { changes, errors } = start();
    await new Promise((r) => setTimeout(r, 50));
    writeFileSync(join(dir, 'feeds.yaml'), TWO);
    await until(() => changes.length > 0);
    expect(changes.at(-1)!.map((f) => f.id)).toEqual(['access-control', 'ais']);
    expect(changes.at(-1)![1]).toMatchObject({ maxRecordBytes: 65_536, enabled: true });
    expect(errors).toEqual([]);
    expect(watcher!.problem).toBeNull();
  });

  it('keeps the running feeds on a broken file and names the file and key', async () => {
    const { changes, errors } = start();
    await new Promise((r) => setTimeout(r, 50));
    writeFileSync(join(dir, 'feeds.yaml'), TWO.replace('format: nmea', 'format: nmea-typo'));
    await until(() => errors.length > 0);
    expect(changes).toEqual([]);
    expect(errors[0].message).toContain(join(dir, 'feeds.yaml'));
    expect(errors[0].message).toMatch(/feeds\[1\]\.format: unknown format "nmea-typo"/);
    expect(watcher!.problem).toBe(errors[0]);

    // Fixing the file clears the problem and applies the feeds.
    writeFileSync(join(dir, 'feeds.yaml'), TWO);
    await until(() => changes.length > 0);
    expect(watcher!.problem).toBeNull();
  });

  it('survives YAML that does not parse and an editor that saves by rename', async () => {
    const { changes, errors } = start();
    await new Promise((r) => setTimeout(r, 50));
    writeFileSync(join(dir, 'feeds.yaml'), 'feeds: [\n  - id: x');
    await until(() => errors.length > 0);
    expect(errors[0].message).toMatch(/not valid YAML/);
    writeFileSync(join(dir, '.feeds.yaml.swp'), TWO);
    renameSync(join(dir, '.feeds.yaml.swp'), join(dir, 'feeds.yaml'));
    await until(() => changes.length > 0);
    expect(changes.at(-1)!).toHaveLength(2);
  });

  it('reports a feed set the system could not apply, and keeps watching', async () => {
    dir = mkdtempSync(join(tmpdir(), 'pw-feeds-'));
    writeFileSync(join(dir, 'feeds.yaml'), ONE);
    const errors: FeedConfigError[] = [];
    watcher = watchFeeds(
      dir,
      ctx,
      () => {
        throw new Error('no decoder for format "nmea"');
      },
      (e) => void errors.push(e),
      { debounceMs: 30 },
    );
    await new Promise((r) => setTimeout(r, 50));
    writeFileSync(join(dir, 'feeds.yaml'), TWO);
    await until(() => errors.length > 0);
    expect(errors[0].message).toMatch(/could not apply the new feeds: no decoder/);
  });
});
