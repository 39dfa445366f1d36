// Per-feed counters (records received, indicators produced, rejects by reason and stage,
// records not used by reason, indicators without a zone by reason, records shed before
// decoding, records per sensor, last seen, rate). Feed health in the API and the UI comes from
// these, not from guesses. Every map here is bounded: reasons at MAX_REASONS, sensors at
// SENSORS_KEPT (sensor-counts.ts), whatever a sender puts in its records or topics.
import type { FeedCounters, RejectStage } from '@portwatch/schema';
import { SensorCounts } from './sensor-counts.ts';

/** Where a record was rejected: the dead-letter contract's stage. */
export type Stage = RejectStage;
export type { FeedCounters };

const MAX_REASONS = 50;
const WINDOW_S = 60;

/** Counts per second over the last minute, in a ring of one-second slots. */
class SecondsWindow {
  private slots = new Array<number>(WINDOW_S).fill(0);
  private stamps = new Array<number>(WINDOW_S).fill(-1);

  add(nowMs: number): void {
    const sec = Math.floor(nowMs / 1000);
    const i = ((sec % WINDOW_S) + WINDOW_S) % WINDOW_S;
    // A slot last written a minute or more ago holds an old count: start it over.
    if (this.stamps[i] !== sec) {
      this.stamps[i] = sec;
      this.slots[i] = 0;
    }
    this.slots[i]++;
  }

  sum(nowMs: number): number {
    const sec = Math.floor(nowMs / 1000);
    let total = 0;
    for (let i = 0; i < WINDOW_S; i++)
      if (this.stamps[i] > sec - WINDOW_S && this.stamps[i] <= sec) total += this.slots[i];
    return total;
  }
}

// lastSeen is kept as epoch ms: formatting a date on every record costs more than counting it.
type Entry = Omit<
  FeedCounters,
  'ratePerSec' | 'recentReceived' | 'recentRejected' | 'lastSeen' | 'queued' | 'sensors' | 'otherSensors'
> & {
  lastSeenMs: number | null;
  receivedWindow: SecondsWindow;
  rejectedWindow: SecondsWindow;
  sensorCounts: SensorCounts | null;
};

export class FeedHealth {
  private feeds = new Map<string, Entry>();

  // The last feed counted: a record is counted two or three times, and feeds come in runs.
  private lastEntry: Entry | null = null;

  // A flood repeats the same few reasons: their counter keys are worked out once.
  private keys = new Map<string, string>();

  private keyOf(reason: string): string {
    let key = this.keys.get(reason);
    if (key === undefined) {
      if (this.keys.size >= 1000) this.keys.clear();
      key = reasonKey(reason);
      this.keys.set(reason, key);
    }
    return key;
  }

  /** Records waiting per feed right now (ingest's feed queues), read at each snapshot. */
  queueDepths: (() => Map<string, { records: number }>) | null = null;

  private get(feedId: string): Entry {
    if (this.lastEntry !== null && this.lastEntry.feedId === feedId) return this.lastEntry;
    let c = this.feeds.get(feedId);
    if (!c) {
      c = {
        feedId,
        received: 0,
        indicators: 0,
        rejected: 0,
        rejectedByReason: counts(),
        rejectedByStage: {},
        notUsed: 0,
        notUsedByReason: counts(),
        noZone: 0,
        noZoneByReason: counts(),
        shed: 0,
        shedByReason: counts(),
        lastSeenMs: null,
        receivedWindow: new SecondsWindow(),
        rejectedWindow: new SecondsWindow(),
        sensorCounts: null,
      };
      this.feeds.set(feedId, c);
    }
    this.lastEntry = c;
    return c;
  }

  received(feedId: string, now: number) {
    const c = this.get(feedId);
    c.received++;
    c.lastSeenMs = now;
    c.receivedWindow.add(now);
  }

  produced(feedId: string, n: number) {
    this.get(feedId).indicators += n;
  }

  rejected(feedId: string, stage: Stage, reason: string, now = Date.now()) {
    const c = this.get(feedId);
    c.rejected++;
    c.rejectedWindow.add(now);
    c.rejectedByStage[stage] = (c.rejectedByStage[stage] ?? 0) + 1;
    countReason(c.rejectedByReason, this.keyOf(reason));
  }

  /**
   * A record shed before decoding: received and rejected (stage receiving) like any refused
   * record, and counted as shed by reason and against its sensor when it has one.
   */
  shed(feedId: string, reason: string, now: number, sensor?: string) {
    this.received(feedId, now);
    this.rejected(feedId, 'receiving', reason, now);
    const c = this.get(feedId);
    c.shed++;
    countReason(c.shedByReason, this.keyOf(reason));
    if (sensor !== undefined) (c.sensorCounts ??= new SensorCounts()).shed(sensor, now);
  }

  /** One record from this sensor (an MQTT topic) of the feed. */
  sensorReceived(feedId: string, sensor: string, now: number) {
    const c = this.get(feedId);
    (c.sensorCounts ??= new SensorCounts()).received(sensor, now);
  }

  notUsed(feedId: string, reason: string) {
    const c = this.get(feedId);
    c.notUsed++;
    countReason(c.notUsedByReason, this.keyOf(reason));
  }

  noZone(feedId: string, reason: string) {
    const c = this.get(feedId);
    c.noZone++;
    // Zone reasons are short and name what to fix (the sensor, the address): kept whole.
    countReason(c.noZoneByReason, reason.length > 160 ? reason.slice(0, 160) : reason);
  }

  snapshot(now = Date.now()): FeedCounters[] {
    const depths = this.queueDepths?.() ?? null;
    return [...this.feeds.values()].map(({ receivedWindow, rejectedWindow, lastSeenMs, sensorCounts, ...c }) => {
      const recentReceived = receivedWindow.sum(now);
      const perSensor = sensorCounts?.snapshot() ?? { sensors: [], otherSensors: { sensors: 0, received: 0, shed: 0 } };
      return {
        ...c,
        ...perSensor,
        queued: depths?.get(c.feedId)?.records ?? 0,
        shedByReason: { ...c.shedByReason },
        lastSeen: lastSeenMs === null ? null : new Date(lastSeenMs).toISOString(),
        rejectedByReason: { ...c.rejectedByReason },
        rejectedByStage: { ...c.rejectedByStage },
        notUsedByReason: { ...c.notUsedByReason },
        noZoneByReason: { ...c.noZoneByReason },
        ratePerSec: Math.round((recentReceived / WINDOW_S) * 100) / 100,
        recentReceived,
        recentRejected: rejectedWindow.sum(now),
      };
    });
  }
}

/**
 * A counter keyed by reason: no prototype, since a reason's text may be any word
 * ("constructor", "__proto__") and must count like any other.
 */
function counts(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}

// At most MAX_REASONS keys per counter; the rest count as "other".
function countReason(byReason: Record<string, number>, key: string): void {
  if (byReason[key] !== undefined || Object.keys(byReason).length < MAX_REASONS)
    byReason[key] = (byReason[key] ?? 0) + 1;
  else byReason.other = (byReason.other ?? 0) + 1;
}

/** Reasons carry details (line numbers, values): the counter keys on the part before the first colon-detail. */
export function reasonKey(reason: string): string {
  const cut = reason.indexOf(':');
  if (cut > 0 && cut < 60) return reason.slice(0, cut).trim();
  // No short "what: detail" shape: keep the words before any detail in brackets, at most 60 characters.
  const paren = reason.indexOf(' (');
  const head = paren > 0 && paren <= 60 ? reason.slice(0, paren) : reason.slice(0, 60);
  return head.trim();
}
