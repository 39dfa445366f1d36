// Every API instance pushes everything. In a scaled deployment the API instances share one
// consumer group for storing (each stores a share of the records), so a browser would see only
// what its own instance happened to consume. Each instance therefore also follows the live
// streams itself, in a consumer group of its own, from now: indicators and zone states as
// correlation published them, and incidents as stored (merged with operators' changes, which
// any instance may have made) from portwatch.incident-updates. The bus names that group after
// the family and deletes it when the instance stops; an instance that died leaves one the
// others delete (ingest's own-groups.ts), so restarts do not pile groups up in Kafka.
import {
  TOPICS,
  incidentMessage,
  readIncidentMessage,
  readIndicatorMessage,
  readZoneStateMessage,
  type BusRead,
  type Incident,
} from '@portwatch/schema';
import type { Bus, Logger, Subscription } from '@portwatch/ingest';
import type { LiveHub } from '../live/hub.ts';

export class LiveFollower {
  private sub: Subscription | null = null;
  unreadable = 0;

  constructor(
    private readonly bus: Bus,
    private readonly hub: LiveHub,
    private readonly log: Logger,
    /** The family of the followers' groups (one group per instance). */
    readonly groupFamily = 'portwatch-api-live',
  ) {}

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
        groupId: this.groupFamily,
        ownGroup: true,
        topics: [TOPICS.indicators, TOPICS.zoneState, TOPICS.incidentUpdates],
        fromBeginning: false,
      },
      async (batch) => {
        // The store writer counts and dead-letters unreadable records; here they are only not pushed.
        if (batch.topic === TOPICS.indicators)
          this.hub.publishIndicators(this.readAll(batch.messages, readIndicatorMessage));
        else if (batch.topic === TOPICS.zoneState)
          this.hub.publishZones(this.readAll(batch.messages, readZoneStateMessage));
        else this.hub.publishIncidents(this.readAll(batch.messages, readIncidentMessage));
      },
    );
  }

  private readAll<T>(messages: { value: string }[], read: (v: string) => BusRead<T>): T[] {
    const out: T[] = [];
    for (const m of messages) {
      const r = read(m.value);
      if (r.ok) out.push(r.value);
      else this.unreadable++;
    }
    return out;
  }

  async stop(): Promise<void> {
    await this.sub?.stop();
  }
}
