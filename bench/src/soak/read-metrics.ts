// What the soak reads from a Portwatch process's /metrics every 10 s: stored counts (API) and
// where memory is (every role).
export interface ProcessSample {
  /** From /proc: what the operating system gives the process. */
  rssMb: number;
  heapUsedMb: number;
  /** What V8 has taken from the system for its heap (used, and room it keeps). */
  heapTotalMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  /** Embedded storage only. */
  pgliteMb: number | null;
  /** Worker roles only: records correlation's live windows hold. */
  windowEntries: number | null;
  /** V8 heap spaces (old_space, new_space, large_object_space…): size and used, MB. */
  heapSpaces: Map<string, { size: number; used: number }>;
  /** API roles only. */
  stored: { indicators: number; deadLetters: number } | null;
}

/** CPU seconds the process has used (user + system), from /proc/<pid>/stat (clock ticks of 10 ms). */
export function cpuSeconds(stat: string): number {
  // Fields after the command name (in parentheses, which may hold spaces): utime is the 14th
  // field of the line, stime the 15th.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) / 100;
}

export function rssMb(pid: number, readStatus: (pid: number) => string): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readStatus(pid));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN; // the process is gone: the suite reports it with its last output
  }
}

/** One metric's value, or null when the process does not report it. */
function value(text: string, name: string): number | null {
  const escaped = name.replace(/[{}"=]/g, (c) => '\\' + c);
  const m = new RegExp(`^${escaped} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : null;
}

export function parseSample(text: string, rss: number): ProcessSample {
  const mb = (area: string) => (value(text, `portwatch_process_memory_bytes{area="${area}"}`) ?? NaN) / 2 ** 20;
  const pglite = value(text, 'portwatch_process_memory_bytes{area="pglite_wasm"}');
  const indicators = value(text, 'portwatch_store_writes_total{kind="indicators"}');
  const heapSpaces = new Map<string, { size: number; used: number }>();
  for (const m of text.matchAll(/^portwatch_v8_heap_space_bytes\{space="([^"]+)",kind="(size|used)"\} (\S+)$/gm)) {
    const sp = heapSpaces.get(m[1]) ?? { size: NaN, used: NaN };
    sp[m[2] as 'size' | 'used'] = Number(m[3]) / 2 ** 20;
    heapSpaces.set(m[1], sp);
  }
  return {
    rssMb: rss,
    heapSpaces,
    heapUsedMb: mb('heap_used'),
    heapTotalMb: mb('heap_total'),
    externalMb: mb('external'),
    arrayBuffersMb: mb('array_buffers'),
    pgliteMb: pglite === null ? null : pglite / 2 ** 20,
    windowEntries: value(text, 'portwatch_correlate_window_entries'),
    stored:
      indicators === null
        ? null
        : { indicators, deadLetters: value(text, 'portwatch_store_writes_total{kind="deadLetters"}') ?? 0 },
  };
}

export async function fetchMetrics(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) });
  return res.text();
}
