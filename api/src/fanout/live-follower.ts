// Every API instance pushes everything. In a scaled deployment the API instances share one
// consumer group for storing (each stores a share of the records), so a browser would see only
// what its own instance happened to consume. Each instance therefore also follows the live
// streams itself, in a consumer group of its own, from now: indicators and zone states as
// correlation published them, and incidents as stored (merged with operators' changes, which
// any instance may have made) from portwatch.incident-updates.
import { hostname } from 'node:os';
import {
  TOPICS,
  incidentMessage,
  readIncidentMessage,
  readIndicatorMessage,
  readZoneStateMessage,
  type Incident,
  type LiveMessage,
} from '@portwatch/schema';
import type { Bus, Logger, Subscription } from '@portwatch/ingest';
import type { LiveHub } from '../live/hub.ts';

let followers = 0;

export class LiveFollower {
  private sub: Subscription | null = null;
  readonly groupId: string;
  unreadable = 0;

  constructor(
    private readonly bus: Bus,
    private readonly hub: LiveHub,
    private readonly log: Logger,
    groupPrefix = 'portwatch-api-live',
  ) {
    this.groupId = `${groupPrefix}.${hostname()}.${process.pid}.${++followers}.${Date.now().toString(36)}`;
  }

  /** Publishes incidents as stored, for every instance's follower (this one included). */
  async publishIncidents(incidents: Incident[]): Promise<void> {
    if (!incidents.length) return;
    await this.bus.publish(
      TOPICS.incidentUpdates,
      incidents.map((inc) => ({ ...incidentMessage(inc), timestamp: Date.now() })),
    );
  }

  async start(): Promise<void> {
    this.sub = await this.bus.subscribe(
      {
        groupId: this.groupId,
        topics: [TOPICS.indicators, TOPICS.zoneState, TOPICS.incidentUpdates],
        fromBeginning: false,
      },
      async (batch) => {
        const live: LiveMessage[] = [];
        for (const m of batch.messages) {
          if (batch.topic === TOPICS.indicators) {
            const r = readIndicatorMessage(m.value);
            if (r.ok) {
              const { raw: _raw, ...ind } = r.value;
              live.push({ type: 'indicator', data: ind });
            } else this.unreadable++;
          } else if (batch.topic === TOPICS.zoneState) {
            const r = readZoneStateMessage(m.value);
            if (r.ok) live.push({ type: 'zone', data: r.value });
            else this.unreadable++;
          } else {
            const r = readIncidentMessage(m.value);
            if (r.ok) live.push({ type: 'incident', data: r.value });
            else this.unreadable++;
          }
        }
        // The store writer counts and dead-letters unreadable records; here they are only not pushed.
        if (live.length) this.hub.broadcast(live);
      },
    );
  }

  async stop(): Promise<void> {
    await this.sub?.stop();
  }
}
