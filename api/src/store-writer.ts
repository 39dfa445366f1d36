// The API's bus consumer: stores what the pipeline produced and pushes it live.
// It acknowledges a batch only after the store has it (at-least-once; the store is idempotent).
import {
  DEAD_LETTER_KEEP,
  TOPICS,
  readDeadLetterMessage,
  readIncidentMessage,
  readIndicatorMessage,
  readZoneStateMessage,
  type BusRead,
  type DeadLetter,
  type Incident,
  type Indicator,
  type ZoneState,
} from '@portwatch/schema';
import type { Bus, Subscription } from '@portwatch/ingest';
import type { Store } from './storage/store.ts';
import type { LiveHub } from './live/hub.ts';
import type { SopChecklists } from './incidents/sop-checklist.ts';

export interface StoreWriterOptions {
  groupId?: string;
  /** The SOP checklist a new incident starts with, by its rule. */
  checklist?: SopChecklists;
  /**
   * Scaled deployments: what this writer stored is pushed by every instance's LiveFollower,
   * not by this hub alone; stored incidents are handed to it here (fanout/live-follower.ts).
   */
  fanOut?: { publishIncidents(incidents: Incident[]): Promise<void> };
}

const READERS: Record<string, (value: string) => BusRead<unknown>> = {
  [TOPICS.indicators]: readIndicatorMessage,
  [TOPICS.incidents]: readIncidentMessage,
  [TOPICS.zoneState]: readZoneStateMessage,
  [TOPICS.deadLetter]: readDeadLetterMessage,
};

export class StoreWriter {
  private sub: Subscription | null = null;
  stored = { indicators: 0, incidents: 0, zones: 0, deadLetters: 0 };
  private readonly groupId: string;

  constructor(
    private bus: Bus,
    private store: Store,
    private hub: LiveHub,
    private options: StoreWriterOptions = {},
  ) {
    this.groupId = options.groupId ?? 'portwatch-api';
  }

  async start(): Promise<void> {
    const topics = [TOPICS.indicators, TOPICS.incidents, TOPICS.zoneState, TOPICS.deadLetter];
    // A new group starts at the oldest retained record, not at "latest": records published
    // before the group first joined must not be skipped. Writes are idempotent.
    this.sub = await this.bus.subscribe({ groupId: this.groupId, topics, fromBeginning: true }, async (batch) => {
      // One unreadable message must not stall the partition: it becomes a dead letter.
      const values: unknown[] = [];
      const unreadable: DeadLetter[] = [];
      for (const m of batch.messages) {
        const read = READERS[batch.topic]?.(m.value) ?? { ok: false, reason: 'not a topic this writer reads' };
        if (read.ok) values.push(read.value);
        else
          unreadable.push({
            at: new Date().toISOString(),
            feedId: null,
            via: 'kafka',
            topic: batch.topic,
            stage: 'sending',
            reason: `unreadable message on ${batch.topic} at offset ${m.offset}: ${read.reason}`,
            size: m.value.length,
            truncated: m.value.length > DEAD_LETTER_KEEP,
            payload: m.value.slice(0, DEAD_LETTER_KEEP),
          });
      }
      if (unreadable.length) await this.store.insertDeadLetters(unreadable);
      switch (batch.topic) {
        case TOPICS.indicators: {
          const list = values as Indicator[];
          // Shown live before the insert returns: the picture keeps each track's latest fix, so a
          // redelivered batch changes nothing, and operators see positions a store write sooner.
          if (!this.options.fanOut) this.hub.publishIndicators(list);
          const fresh = await this.store.insertIndicators(list);
          await this.store.situation.recordIndicators(list);
          this.stored.indicators += fresh;
          break;
        }
        case TOPICS.incidents: {
          const merged = await this.store.upsertIncidents(values as Incident[], this.options.checklist);
          this.stored.incidents += merged.length;
          if (this.options.fanOut) await this.options.fanOut.publishIncidents(merged);
          else this.hub.publishIncidents(merged);
          break;
        }
        case TOPICS.zoneState: {
          await this.store.upsertZoneStates(values as ZoneState[]);
          await this.store.situation.recordZoneStates(values as ZoneState[]);
          this.stored.zones += values.length;
          if (!this.options.fanOut) this.hub.publishZones(values as ZoneState[]);
          break;
        }
        case TOPICS.deadLetter:
          await this.store.insertDeadLetters(values as DeadLetter[]);
          this.stored.deadLetters += values.length;
          break;
      }
    });
  }

  async stop(): Promise<void> {
    await this.sub?.stop();
  }
}
