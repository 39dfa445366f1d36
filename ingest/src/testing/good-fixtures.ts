// Test and benchmark input (`@portwatch/ingest/testing`): the records of a decoder's good
// fixtures, read from its testdata/ folder, so every user measures and checks the same records.
import { readdirSync, readFileSync } from 'node:fs';

/** The records of a format's good fixtures: one per file, or one per sentence for NMEA. */
export function goodFixtures(format: string): string[] {
  const dir = new URL(`../decoders/${format}/testdata/`, import.meta.url);
  const files = readdirSync(dir)
    .filter((name) => !name.startsWith('bad-') && !name.includes('mapping'))
    .sort()
    .map((name) => readFileSync(new URL(name, dir), 'utf8').trimEnd());
  // NMEA fixtures hold many sentences a file, with comment lines between them.
  if (format === 'nmea')
    return files.flatMap((f) => f.split('\n').filter((line) => line.startsWith('!') || line.startsWith('\\')));
  return files;
}
