// Reads the MQTT fixed header of every packet on a connection as the bytes pass (type byte,
// then the remaining length as up to four 7-bit groups) and stops a packet over the limit
// before the broker buffers it: aedes's parser would otherwise hold all of a 250 MB payload.
//
// With a window, it also holds a connection's bytes at the start of a PUBLISH while `window`
// publishes it passed are not yet `settled` (stored, with the embedded broker's holdAcks): the
// sensor's TCP window fills and it waits, as MQTT 5's Receive Maximum would ask of it. aedes's
// own accounting of what it reads ahead does not hold under steady load (one sender filled
// ingest's 500-record feed queue through it).
import { Transform, type TransformCallback } from 'node:stream';

export class PacketTooLarge extends Error {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`MQTT packet too large: ${bytes} bytes (limit ${limit})`);
  }
}

export class PacketSizeGuard extends Transform {
  /** Bytes of the current packet's body still to pass; -1 while its header is being read. */
  private left = -1;
  private headerByte = 0;
  private length = 0;
  private multiplier = 1;
  /** Publishes passed on and not yet settled (with a window). */
  private open = 0;
  private held: (() => void) | null = null;

  constructor(
    private readonly limit: number,
    private readonly window = Infinity,
  ) {
    super();
  }

  /** A publish this guard passed on has been settled: below the window, the bytes flow again. */
  settled(): void {
    if (this.open > 0) this.open--;
    if (this.held && this.open < this.window) {
      const go = this.held;
      this.held = null;
      go();
    }
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.scan(chunk, 0, done);
  }

  private scan(chunk: Buffer, from: number, done: TransformCallback): void {
    let i = from;
    while (i < chunk.length) {
      if (this.left > 0) {
        const take = Math.min(this.left, chunk.length - i);
        this.left -= take;
        i += take;
        continue;
      }
      const b = chunk[i];
      if ((this.left === 0 || this.headerByte === 0) && b >> 4 === 3 && this.window !== Infinity) {
        // A PUBLISH begins: wait for room in the window, passing on what came before it.
        if (this.open >= this.window) {
          if (i > from) this.push(chunk.subarray(from, i));
          this.held = () => this.scan(chunk, i, done);
          return;
        }
        this.open++;
      }
      i++;
      if (this.left === 0 || this.headerByte === 0) {
        // The packet type byte: a new packet begins.
        this.headerByte = 1;
        this.left = -1;
        this.length = 0;
        this.multiplier = 1;
        continue;
      }
      this.length += (b & 0x7f) * this.multiplier;
      this.multiplier *= 128;
      if (b & 0x80) continue;
      if (this.length > this.limit) return done(new PacketTooLarge(this.length, this.limit));
      this.left = this.length;
      if (this.left === 0) this.headerByte = 0;
    }
    if (this.left === 0) this.headerByte = 0;
    done(null, from === 0 ? chunk : chunk.subarray(from));
  }
}
