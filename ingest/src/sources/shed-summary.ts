// What a flood costs must not grow with the flood: a record shed for its rate is counted in
// feed health at once, and the dead-letter table gets one row per feed and reason every few
// seconds ("1,234 records shed …", with the first record kept), not one row per record.
import { DEAD_LETTER_KEEP, type DeadLetter } from '@portwatch/schema';
import { storableText } from '../pipeline/storable.ts';

interface Pending {
  feedId: string;
  reason: string;
  count: number;
  first: { at: number; topic: string; payload: string | Uint8Array };
}

export class ShedSummary {
  // Per feed, per reason: no key to build for each of a flood's records.
  private pending = new Map<string, Map<string, Pending>>();

  add(feedId: string, reason: string, topic: string, payload: string | Uint8Array, at: number): void {
    let byReason = this.pending.get(feedId);
    if (byReason === undefined) this.pending.set(feedId, (byReason = new Map()));
    const p = byReason.get(reason);
    if (p) p.count++;
    else byReason.set(reason, { feedId, reason, count: 1, first: { at, topic, payload } });
  }

  /** One dead letter per feed and reason for what was shed since the last drain. */
  drain(now = Date.now()): DeadLetter[] {
    const out: DeadLetter[] = [];
    for (const p of [...this.pending.values()].flatMap((m) => [...m.values()])) {
      const { payload } = p.first;
      const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
      const text =
        typeof payload === 'string' ? payload : Buffer.from(payload.subarray(0, DEAD_LETTER_KEEP)).toString();
      out.push({
        at: new Date(p.first.at).toISOString(),
        feedId: p.feedId,
        via: 'mqtt',
        topic: p.first.topic,
        stage: 'receiving',
        reason: `${p.reason}: ${p.count} record(s) shed from ${new Date(p.first.at).toISOString()} to ${new Date(now).toISOString()} (the first kept here)`,
        payload: storableText(text.slice(0, DEAD_LETTER_KEEP)),
        size,
        truncated: size > DEAD_LETTER_KEEP,
      });
    }
    this.pending.clear();
    return out;
  }
}
