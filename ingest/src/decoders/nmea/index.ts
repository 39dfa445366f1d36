// NMEA 0183 AIS decoder (format `nmea`): one `!AIVDM` / `!AIVDO` sentence per record,
// optionally behind an NMEA 4.10 tag block. Stateful only where the format demands it:
// fragment reassembly and the per-MMSI static data that names vessels in later reports.
import type { GeoPoint } from '@portwatch/schema';
import {
  accept,
  notUsed,
  reject,
  type Decoder,
  type DecodeContext,
  type DecodeResult,
  type DecoderOptions,
  type Draft,
} from '../decoder.ts';
import { unarmor } from './bits.ts';
import {
  atonDraft,
  baseStationDraft,
  classBStaticDraft,
  invalidMmsiDraft,
  longRangeDraft,
  positionDraft,
  staticDraft,
  VesselRegistry,
  type Heard,
} from './drafts.ts';
import { decodeMessage, type AisMessage } from './messages.ts';
import { checkMmsi } from './mmsi.ts';
import { FragmentBuffer } from './reassembly.ts';
import { parseSentence } from './sentence.ts';

export interface NmeaDecoderOptions extends DecoderOptions {
  /** Drop an incomplete multi-sentence message this long after its first fragment (default 10 s). */
  fragmentTtlMs?: number;
  /** Incomplete multi-sentence messages held at most (default 64). */
  maxPendingFragments?: number;
  /** MMSIs whose static data (name, IMO) is remembered (default 10 000). */
  maxVessels?: number;
  /**
   * A transponder with a bad MMSI repeats it every few seconds; one `ais.invalid_mmsi`
   * per MMSI per this much event time is enough to act on (default 10 min).
   */
  invalidMmsiRepeatMs?: number;
}

export function createNmeaDecoder(options: NmeaDecoderOptions = {}): Decoder {
  const fragments = new FragmentBuffer({ ttlMs: options.fragmentTtlMs, maxPending: options.maxPendingFragments });
  const vessels = new VesselRegistry(options.maxVessels);
  const invalidSeen = new BoundedClock(options.maxVessels ?? 10_000);
  const invalidRepeatMs = options.invalidMmsiRepeatMs ?? 600_000;
  let lastTimeMs = NaN;
  let lastTime = '';

  function draftsFor(message: AisMessage, heard: Heard, timeMs: number): Draft[] {
    const drafts: Draft[] = [];
    let location: GeoPoint | null = null;
    if (message.kind === 'position') {
      if (message.name || message.shipType)
        vessels.update(message.mmsi, { name: message.name, shipType: message.shipType });
      const draft = positionDraft(message, vessels.get(message.mmsi), heard);
      location = draft.location;
      drafts.push(draft);
    } else if (message.kind === 'static') {
      vessels.update(message.mmsi, message);
      drafts.push(staticDraft(message, heard));
    } else if (message.kind === 'static_b') {
      // The same path as type 5: later position reports of the vessel carry its name.
      vessels.update(message.mmsi, { name: message.name, callsign: message.callsign, shipType: message.shipType });
      drafts.push(classBStaticDraft(message, vessels.get(message.mmsi), heard));
    } else if (message.kind === 'base_station') {
      const draft = baseStationDraft(message, heard);
      location = draft.location;
      drafts.push(draft);
    } else if (message.kind === 'long_range') {
      const draft = longRangeDraft(message, vessels.get(message.mmsi), heard);
      location = draft.location;
      drafts.push(draft);
    } else {
      const draft = atonDraft(message, heard);
      location = draft.location;
      drafts.push(draft);
    }
    const check = checkMmsi(message.mmsi);
    if (!check.valid && invalidSeen.due(message.mmsi, timeMs, invalidRepeatMs)) {
      drafts.push(invalidMmsiDraft(message.mmsi, check.reason, message.messageType, location, heard));
    }
    return drafts;
  }

  function decode(payload: string, ctx: DecodeContext): DecodeResult {
    const parsed = parseSentence(payload);
    if (!parsed.ok) return parsed;
    const sentence = parsed.sentence;
    const arrivedMs = ctx.receivedAt.getTime();
    const joined = fragments.add(sentence, Number.isNaN(arrivedMs) ? 0 : arrivedMs);
    if (joined.status === 'pending')
      return notUsed(
        `AIS sentence ${sentence.fragmentNumber} of ${sentence.fragmentCount}: held until the rest of its message arrives`,
      );
    if (joined.status === 'rejected') return reject(joined.reason);

    const unarmored = unarmor(joined.payload, joined.fillBits);
    if (!unarmored.ok) return unarmored;
    const decoded = decodeMessage(unarmored.bits);
    if (!decoded.ok) return decoded;

    // AIS itself carries only the UTC second, so the receiver's clock is the best time.
    const timeMs = joined.tag?.unixMs ?? arrivedMs;
    if (Number.isNaN(timeMs)) return reject('no time: no tag block c: field and no valid arrival time');
    // Records of one batch often share an arrival time; formatting dates is not free.
    if (timeMs !== lastTimeMs) {
      lastTimeMs = timeMs;
      lastTime = new Date(timeMs).toISOString();
    }
    const time = lastTime;
    const heard: Heard = {
      time,
      sensorId: joined.tag?.source ?? null,
      ownShip: sentence.ownShip,
      // The same sentence heard again later is a new report; redelivered, it is the same one.
      sourceRef: `ais:${joined.channel}:${joined.payload}:${time}`,
    };
    return accept(...draftsFor(decoded.message, heard, timeMs));
  }

  return {
    format: 'nmea',
    decode(payload, ctx) {
      try {
        return decode(payload, ctx);
      } catch (error) {
        // Decoders must never throw on input; a bug here should cost one record, not a feed.
        return reject(`internal decoder error: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}

/** Last emission time per key, bounded, for rate-limiting repeated findings. */
class BoundedClock {
  private readonly last = new Map<string, number>();

  constructor(private readonly maxKeys: number) {}

  /** True (and records `nowMs`) when `key` was not seen within `everyMs` of `nowMs`. */
  due(key: string, nowMs: number, everyMs: number): boolean {
    const previous = this.last.get(key);
    if (previous !== undefined && Math.abs(nowMs - previous) < everyMs) return false;
    this.last.delete(key);
    if (this.last.size >= this.maxKeys) this.last.delete(this.last.keys().next().value as string);
    this.last.set(key, nowMs);
    return true;
  }
}

export { checkMmsi } from './mmsi.ts';
export type { MmsiCheck, MmsiKind } from './mmsi.ts';
