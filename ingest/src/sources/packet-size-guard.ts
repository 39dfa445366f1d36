// Reads the MQTT fixed header of every packet on a connection as the bytes pass (type byte,
// then the remaining length as up to four 7-bit groups) and stops a packet over the limit
// before the broker buffers it: aedes's parser would otherwise hold all of a 250 MB payload.
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

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.left > 0) {
        const take = Math.min(this.left, chunk.length - i);
        this.left -= take;
        i += take;
        continue;
      }
      const b = chunk[i++];
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
    done(null, chunk);
  }
}
