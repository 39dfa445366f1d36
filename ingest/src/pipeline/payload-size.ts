// A raw record's size in bytes, for the feed's maxRecordBytes and for dead letters. A string
// payload is measured as the UTF-8 it arrived as.

/** Whether the payload is over `limit` bytes; a string is measured only when it could be. */
export function exceedsBytes(payload: string | Uint8Array, limit: number): boolean {
  if (typeof payload !== 'string') return payload.byteLength > limit;
  // UTF-8 takes 1–3 bytes per UTF-16 code unit.
  return payload.length > limit || (payload.length * 3 > limit && Buffer.byteLength(payload) > limit);
}

export function byteSize(payload: string | Uint8Array): number {
  return typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
}
