// Per-feed counters (records received, indicators produced, rejects by reason and stage,
// last seen, rate). Feed health in the API and the UI comes from these, not from guesses.

export type Stage = 'receiving' | 'decoding' | 'normalizing' | 'sending';

export interface FeedCounters {
  feedId: string;
  received: number;
  indicators: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  rejectedByStage: Partial<Record<Stage, number>>;
  lastSeen: string | null;
  /** Records per second over the last minute. */
  ratePerSec: number;
}

const MAX_REASONS = 50;

export class FeedHealth {
  private feeds = new Map<string, FeedCounters & { window: number[] }>();

  private get(feedId: string) {
    let c = this.feeds.get(feedId);
    if (!c) {
      c = { feedId, received: 0, indicators: 0, rejected: 0, rejectedByReason: {}, rejectedByStage: {}, lastSeen: null, ratePerSec: 0, window: new Array(60).fill(0) };
      this.feeds.set(feedId, c);
    }
    return c;
  }

  received(feedId: string, now: number) {
    const c = this.get(feedId);
    c.received++;
    c.lastSeen = new Date(now).toISOString();
    c.window[Math.floor(now / 1000) % 60]++;
    this.lastSecond.set(feedId, Math.floor(now / 1000));
  }

  produced(feedId: string, n: number) {
    this.get(feedId).indicators += n;
  }

  rejected(feedId: string, stage: Stage, reason: string) {
    const c = this.get(feedId);
    c.rejected++;
    c.rejectedByStage[stage] = (c.rejectedByStage[stage] ?? 0) + 1;
    // Reasons carry details (line numbers, values); the counter keys on the part before the first colon-detail.
    const key = reasonKey(reason);
    if (c.rejectedByReason[key] !== undefined || Object.keys(c.rejectedByReason).length < MAX_REASONS) {
      c.rejectedByReason[key] = (c.rejectedByReason[key] ?? 0) + 1;
    } else {
      c.rejectedByReason.other = (c.rejectedByReason.other ?? 0) + 1;
    }
  }

  private lastSecond = new Map<string, number>();

  snapshot(now = Date.now()): FeedCounters[] {
    const sec = Math.floor(now / 1000);
    return [...this.feeds.values()].map(({ window, ...c }) => {
      const last = this.lastSecond.get(c.feedId) ?? 0;
      // Slots older than a minute still hold old counts; only sum the ones written within it.
      let sum = 0;
      if (sec - last < 60) for (let s = sec - 59; s <= sec; s++) if (s <= last) sum += window[((s % 60) + 60) % 60];
      return { ...c, rejectedByReason: { ...c.rejectedByReason }, rejectedByStage: { ...c.rejectedByStage }, ratePerSec: Math.round((sum / 60) * 100) / 100 };
    });
  }
}

export function reasonKey(reason: string): string {
  const cut = reason.indexOf(':');
  return (cut > 0 && cut < 60 ? reason.slice(0, cut) : reason.slice(0, 60)).trim();
}
