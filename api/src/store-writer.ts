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
import { storableText, type Bus, type Subscription } from '@portwatch/ingest';
import type { Store } from './storage/store.ts';
import { writeIsolated } from './storage/write-isolated.ts';
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

/** Whether the store takes writes now; the reason when it does not (shown in /api/health). */
export interface StoreWriteStatus {
  status: 'up' | 'degraded';
  detail?: string;
}

/** The store writer's consumer group: an in-process bus settles indicators and dead letters by it. */
export const STORE_WRITER_GROUP = 'portwatch-api';

export class StoreWriter {
  private sub: Subscription | null = null;
  /** `refused`: records the database refused (dead-lettered); `unwritable`: refused even as a dead letter (logged). */
  stored = { indicators: 0, incidents: 0, zones: 0, deadLetters: 0, refused: 0, unwritable: 0 };
  status: StoreWriteStatus = { status: 'up' };
  private readonly groupId: string;

  constructor(
    private bus: Bus,
    private store: Store,
    private hub: LiveHub,
    private options: StoreWriterOptions = {},
  ) {
    this.groupId = options.groupId ?? STORE_WRITER_GROUP;
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
            payload: storableText(m.value.slice(0, DEAD_LETTER_KEEP)),
          });
      }
      try {
        const refused = await this.write(batch.topic, values);
        await this.writeDeadLetters([...unreadable, ...refused]);
        this.status = { status: 'up' };
      } catch (err) {
        // The store cannot write at all: the batch is retried (not acknowledged) and health says why.
        this.status = { status: 'degraded', detail: `cannot write: ${(err as Error).message}` };
        throw err;
      }
    });
  }

  async stop(): Promise<void> {
    await this.sub?.stop();
  }

  /** Writes one topic's records; returns dead letters for those the database refused. */
  private async write(topic: string, values: unknown[]): Promise<DeadLetter[]> {
    const refused: DeadLetter[] = [];
    const refuse = (record: unknown, reason: string) => {
      this.stored.refused++;
      refused.push(refusedLetter(topic, record, reason));
    };
    switch (topic) {
      case TOPICS.indicators:
        // Shown live before the insert returns: the picture keeps each track's latest fix, so a
        // redelivered batch changes nothing, and operators see positions a store write sooner.
        if (!this.options.fanOut) this.hub.publishIndicators(values as Indicator[]);
        await writeIsolated(
          values as Indicator[],
          async (part) => {
            this.stored.indicators += await this.store.insertIndicators(part);
            // The situation over time: each position a track fix (idempotent by indicator id).
            await this.store.situation.recordIndicators(part);
          },
          refuse,
        );
        break;
      case TOPICS.incidents:
        await writeIsolated(
          values as Incident[],
          async (part) => {
            const merged = await this.store.upsertIncidents(part, this.options.checklist);
            this.stored.incidents += merged.length;
            // With several API instances each follows the stored incidents itself (fan-out topic).
            if (this.options.fanOut) await this.options.fanOut.publishIncidents(merged);
            else this.hub.publishIncidents(merged);
          },
          refuse,
        );
        break;
      case TOPICS.zoneState:
        await writeIsolated(
          values as ZoneState[],
          async (part) => {
            await this.store.upsertZoneStates(part);
            await this.store.situation.recordZoneStates(part);
            this.stored.zones += part.length;
            if (!this.options.fanOut) this.hub.publishZones(part);
          },
          refuse,
        );
        break;
      case TOPICS.deadLetter:
        await this.writeDeadLetters(values as DeadLetter[], true);
        break;
    }
    return refused;
  }

  /** A dead letter the database refuses even with its text made storable is logged, never retried forever. */
  private async writeDeadLetters(list: DeadLetter[], fromBus = false): Promise<void> {
    await writeIsolated(
      list,
      async (part) => {
        // Counted as stored: one read again from the bus is stored, and counted, once.
        const stored = await this.store.insertDeadLetters(part);
        if (fromBus) this.stored.deadLetters += stored;
      },
      (letter, reason) => {
        this.stored.unwritable++;
        console.error(
          JSON.stringify({
            time: new Date().toISOString(),
            level: 'error',
            component: 'store-writer',
            msg: 'the store refused a dead letter',
            error: reason,
            feedId: letter.feedId,
            topic: letter.topic,
            deadLetterReason: storableText(String(letter.reason)).slice(0, 512),
          }),
        );
      },
    );
  }
}

/** The dead letter for a record the database refused: the record as JSON, and the database's reason. */
function refusedLetter(topic: string, record: unknown, reason: string): DeadLetter {
  // JSON.stringify writes a NUL or a lone surrogate as an escape: text the store can hold.
  const json = JSON.stringify(record) ?? String(record);
  const feed = (record as Partial<Indicator> | null)?.source?.feed;
  return {
    at: new Date().toISOString(),
    feedId: typeof feed === 'string' ? storableText(feed) : null,
    via: 'kafka',
    topic,
    stage: 'sending',
    reason: `the store refused it: ${storableText(reason)}`,
    size: Buffer.byteLength(json),
    truncated: json.length > DEAD_LETTER_KEEP,
    payload: storableText(json.slice(0, DEAD_LETTER_KEEP)),
  };
}
