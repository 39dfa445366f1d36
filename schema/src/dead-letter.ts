// The dead-letter record: a raw record the pipeline (or the store writer) could not turn into
// an indicator, with the stage and the reason. One shape on the bus (portwatch.deadletter),
// in the dead_letters table and in the API's answers; fields are added here and nowhere else.

/** Where along the way a record was rejected (the stages feed health counts). */
export const REJECT_STAGES = ['receiving', 'decoding', 'normalizing', 'sending'] as const;
export type RejectStage = (typeof REJECT_STAGES)[number];

export const TRANSPORTS = ['mqtt', 'kafka'] as const;
export type Transport = (typeof TRANSPORTS)[number];

/**
 * Bytes of a raw record a dead letter keeps. A larger record keeps its start and is marked
 * `truncated`: enough to see what arrived, not enough to re-run it.
 */
export const DEAD_LETTER_KEEP = 65_536;

/**
 * Characters of a stored payload that an API read returns: what the browser shows. The rest
 * stays in the table (`payloadCut` says so) and a re-run reads all of it.
 */
export const DEAD_LETTER_SHOWN_CHARS = 2048;

/** A rejected record as ingest publishes it and the store writes it. */
export interface DeadLetter {
  /** When it arrived (ISO-8601). */
  at: string;
  /** Null when no feed claims the topic. */
  feedId: string | null;
  via: Transport;
  topic: string;
  stage: RejectStage;
  reason: string;
  /** The raw record (its first DEAD_LETTER_KEEP bytes when it was larger). */
  payload: string;
  /** Bytes of the whole raw record. */
  size: number;
  /** Only the start of the record was kept, so it cannot be re-run. */
  truncated: boolean;
  /**
   * What makes a redelivery the same dead letter, while two identical bad records stay two.
   * A record read from Kafka has it from its place there (`kafka:<topic>:<partition>:<offset>:`
   * and a hash): ingest reading it again after a crash or a rebalance makes the same key, and
   * the store keeps the first. Any other gets one when put on the bus (deadLetterMessage), so a
   * store writer reading the same message again stores it once.
   */
  key?: string;
}

/** A dead letter read back from the store: its row id, the shown part of the payload, and its re-run. */
export interface StoredDeadLetter extends DeadLetter {
  id: number;
  /** True when `payload` is only the first DEAD_LETTER_SHOWN_CHARS characters of what is stored. */
  payloadCut: boolean;
  /** When a re-run decoded it; null while it is still pending. */
  replayedAt: string | null;
  /** Indicators the re-run produced. */
  replayIndicatorIds: string[];
}

/** The stored dead letter a re-run needs: all of its payload. */
export type DeadLetterToReplay = Pick<StoredDeadLetter, 'id' | 'via' | 'topic' | 'truncated' | 'payload'>;
