// One feed as an operator sees it: what the site declares, what arrived, and one status
// word that answers "is this feed all right?" without reading counters.
import type { FeedConfig, FeedHealthView, FeedState, FeedTone } from '@portwatch/schema';
import type { FeedCounters } from '../pipeline/feed-health.ts';

/** One feed as GET /api/feed-health reports it (the schema's contract). */
export type FeedView = FeedHealthView;
export type { FeedState, FeedTone };

export interface StatusThresholds {
  /** No record for this long and a receiving feed counts as silent. */
  silentAfterMs: number;
  /** From this share of rejected records (last minute) the feed is "rejecting". */
  rejectingPercent: number;
  /** From this share it is losing most of its data. */
  badRejectingPercent: number;
}

export const DEFAULT_THRESHOLDS: StatusThresholds = {
  silentAfterMs: 5 * 60_000,
  rejectingPercent: 5,
  badRejectingPercent: 50,
};

const EMPTY: Omit<FeedCounters, 'feedId'> = {
  received: 0,
  indicators: 0,
  rejected: 0,
  rejectedByReason: {},
  rejectedByStage: {},
  notUsed: 0,
  notUsedByReason: {},
  noZone: 0,
  noZoneByReason: {},
  lastSeen: null,
  ratePerSec: 0,
  recentReceived: 0,
  recentRejected: 0,
  shed: 0,
  shedByReason: {},
  queued: 0,
  sensors: [],
  otherSensors: { sensors: 0, received: 0, shed: 0 },
};

export function formatSilence(ms: number): string {
  const min = Math.floor(ms / 60_000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} days`;
}

/** `config` null: the declared config is not known here (judge by the counters alone). */
function judge(
  config: FeedConfig | null | undefined,
  c: Omit<FeedCounters, 'feedId'>,
  now: number,
  t: StatusThresholds,
): Pick<FeedView, 'state' | 'tone' | 'status' | 'rejectingPercent'> {
  // Normalizing rejects are per indicator, so they can outnumber records: cap at 100.
  const rejectingPercent = c.recentReceived
    ? Math.min(100, Math.round((c.recentRejected / c.recentReceived) * 100))
    : 0;
  if (config === undefined)
    return { state: 'removed', tone: 'idle', status: 'Removed from feeds.yaml', rejectingPercent };
  if (config && !config.enabled)
    return { state: 'disabled', tone: 'idle', status: 'Switched off in feeds.yaml', rejectingPercent };
  if (!c.lastSeen) return { state: 'waiting', tone: 'warn', status: 'Nothing received since start', rejectingPercent };
  const quietMs = now - Date.parse(c.lastSeen);
  if (quietMs >= t.silentAfterMs)
    return { state: 'silent', tone: 'warn', status: `Silent for ${formatSilence(quietMs)}`, rejectingPercent };
  if (rejectingPercent >= t.rejectingPercent) {
    return {
      state: 'rejecting',
      tone: rejectingPercent >= t.badRejectingPercent ? 'bad' : 'warn',
      status: `Rejecting ${rejectingPercent}% of records`,
      rejectingPercent,
    };
  }
  return { state: 'receiving', tone: 'ok', status: 'Receiving', rejectingPercent };
}

/**
 * Declared feeds first, in the order of feeds.yaml, then feeds that still have counters
 * but were removed from the file (their history is still worth seeing). `configs` null:
 * the running feed set is not known to the caller, so every counted feed is shown as is.
 */
export function feedViews(
  configs: FeedConfig[] | null,
  counters: FeedCounters[],
  now = Date.now(),
  thresholds = DEFAULT_THRESHOLDS,
): FeedView[] {
  const byId = new Map(counters.map((c) => [c.feedId, c]));
  const declared = new Set((configs ?? []).map((f) => f.id));
  const view = (id: string, config: FeedConfig | null | undefined): FeedView => {
    const found = byId.get(id);
    const c = found ? (({ feedId: _id, ...rest }) => rest)(found) : EMPTY;
    return {
      id,
      name: config?.name ?? id,
      transport: config?.transport ?? null,
      topic: config?.topic ?? null,
      format: config?.format ?? null,
      enabled: config === null ? true : (config?.enabled ?? false),
      ...c,
      ...judge(config, c, now, thresholds),
    };
  };
  if (configs === null) return counters.map((c) => view(c.feedId, null));
  return [
    ...configs.map((f) => view(f.id, f)),
    ...counters.filter((c) => !declared.has(c.feedId)).map((c) => view(c.feedId, undefined)),
  ];
}
