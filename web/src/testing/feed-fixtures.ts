// Feed-health answers as the server gives them, for the Feeds page tests.
import type { DeadLetterView, FeedHealthResponse, FeedHealthView } from '../services/api-types.ts';
import { minutesAgo } from './fixtures.ts';

export function makeFeed(over: Partial<FeedHealthView> = {}): FeedHealthView {
  return {
    id: 'access-control',
    name: 'Access control (ONVIF events)',
    transport: 'mqtt',
    topic: 'valencia/access/+',
    format: 'onvif',
    enabled: true,
    state: 'receiving',
    tone: 'ok',
    status: 'Receiving',
    rejectingPercent: 0,
    received: 1520,
    indicators: 1519,
    rejected: 1,
    rejectedByReason: { 'not JSON': 1 },
    rejectedByStage: { decoding: 1 },
    notUsed: 0,
    notUsedByReason: {},
    noZone: 0,
    noZoneByReason: {},
    lastSeen: minutesAgo(0),
    ratePerSec: 2.5,
    recentReceived: 150,
    recentRejected: 0,
    shed: 0,
    shedByReason: {},
    queued: 0,
    sensors: [],
    otherSensors: { sensors: 0, received: 0, shed: 0 },
    ...over,
  };
}

export function makeFeedHealth(
  feeds: FeedHealthView[] = [
    makeFeed(),
    makeFeed({
      id: 'ais',
      name: 'AIS receivers (NMEA 0183)',
      format: 'nmea',
      topic: 'valencia/ais/+',
      state: 'rejecting',
      tone: 'bad',
      status: 'Rejecting 62% of records',
      rejectingPercent: 62,
      rejected: 930,
      rejectedByReason: { checksum: 900, 'fragment 2 of 2 without the fragments before it': 30 },
    }),
  ],
): FeedHealthResponse {
  return { generatedAt: minutesAgo(0), configProblem: null, feeds };
}

export function makeDeadLetter(over: Partial<DeadLetterView> = {}): DeadLetterView {
  return {
    id: 7,
    at: minutesAgo(2),
    feedId: 'ais',
    via: 'mqtt',
    topic: 'valencia/ais/rx-1',
    stage: 'decoding',
    reason: 'checksum: expected 5C, got 5D',
    size: 48,
    truncated: false,
    payload: '!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5D',
    payloadCut: false,
    replayedAt: null,
    replayIndicatorIds: [],
    ...over,
  };
}
