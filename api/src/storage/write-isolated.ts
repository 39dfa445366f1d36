// One record the database refuses must not stop every record written with it. A batch write
// that fails for the data (SQLSTATE class 22 "data exception" or 23 "integrity constraint")
// is split in halves until the refused records stand alone; the rest are written. Any other
// failure (connection lost, disk full, server shutting down) is the store's, not a record's:
// it is thrown so the batch is retried as a whole and nothing is dead-lettered by mistake.

/** Whether the database refused the data itself, rather than being unable to write anything. */
export function isRecordRefusal(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

/**
 * Writes `list` with `write`; records the database refuses go to `refused` with its reason.
 * Costs one extra write per halving only when a batch fails: log2(n) for one bad record.
 */
export async function writeIsolated<T>(
  list: T[],
  write: (part: T[]) => Promise<void>,
  refused: (item: T, reason: string) => void,
): Promise<void> {
  if (!list.length) return;
  try {
    await write(list);
  } catch (err) {
    if (!isRecordRefusal(err)) throw err;
    if (list.length === 1) {
      refused(list[0], (err as Error).message);
      return;
    }
    const half = list.length >> 1;
    await writeIsolated(list.slice(0, half), write, refused);
    await writeIsolated(list.slice(half), write, refused);
  }
}
