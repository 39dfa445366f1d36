// The picture played forward from one snapshot: the changes loaded after it are applied up to
// the cursor, and onward from there when the cursor moves on, so playing does not start over
// from the snapshot each frame. The tracks' tails are kept on the way. No I/O here: the replay
// store fetches the snapshot and the pages of changes.
import type { Situation, SituationChange } from '@portwatch/schema';
// The same reducer the server plays with: the picture replayed here is the one it answers.
import {
  applyChanges,
  pictureOf,
  situationOf,
  situationTrackKey as trackKey,
  type SituationPicture,
} from '@portwatch/schema/situation';
import { MAX_TAIL_POINTS, type TrackPoint } from '../stores/tracks.ts';

export class SituationPlayback {
  private readonly basePicture: SituationPicture;
  /** The picture played forward so far, and the cursor it was played to. */
  private played: SituationPicture | null = null;
  private playedTo = 0;
  private changes: SituationChange[] = [];
  private tails = new Map<string, TrackPoint[]>();
  /** Changes are complete up to here (epoch ms). */
  loadedTo: number;

  constructor(private readonly base: Situation) {
    this.basePicture = pictureOf(base);
    this.loadedTo = Date.parse(base.at);
  }

  /** The next page of changes (in time order, after those loaded), complete up to `to`. */
  add(changes: readonly SituationChange[], to: number): void {
    this.changes = this.changes.concat(changes);
    this.loadedTo = to;
  }

  /** Whether the picture at `t` plays from what is loaded, without another snapshot. */
  covers(t: number): boolean {
    return t >= Date.parse(this.base.at) && t <= this.loadedTo;
  }

  /** The picture at `to` from the snapshot, or onward from the picture played so far. */
  pictureAt(to: number): Situation {
    const onward = this.played !== null && this.playedTo <= to;
    if (!onward) {
      this.played = this.basePicture;
      this.playedTo = Date.parse(this.base.at);
      this.tails = new Map(
        this.base.tracks.map((t) => [trackKey(t), [{ lat: t.lat, lon: t.lon, t: Date.parse(t.time) }]]),
      );
    }
    const slice = this.changes.slice(this.firstAfter(this.playedTo), this.firstAfter(to));
    for (const c of slice)
      if (c.kind === 'track')
        this.addTail(trackKey(c.track), { lat: c.track.lat, lon: c.track.lon, t: Date.parse(c.track.time) });
    if (slice.length) this.played = applyChanges(this.played!, slice);
    this.playedTo = to;
    return situationOf(this.played!, to);
  }

  /** The points a track passed through up to the picture last played. */
  tail(key: string): TrackPoint[] {
    return this.tails.get(key) ?? [];
  }

  private addTail(key: string, point: TrackPoint): void {
    const list = this.tails.get(key);
    if (!list) this.tails.set(key, [point]);
    else {
      list.push(point);
      if (list.length > MAX_TAIL_POINTS * 2) list.splice(0, list.length - MAX_TAIL_POINTS);
    }
  }

  /** Index of the first loaded change after `t` (binary search: changes are in time order). */
  private firstAfter(t: number): number {
    let lo = 0;
    let hi = this.changes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (Date.parse(this.changes[mid].t) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
