// Prometheus lines for where this process's memory is: V8's heap, memory outside it (Buffers,
// ArrayBuffers), PGlite's WebAssembly memory (embedded), and what correlation's live windows
// hold. RSS alone does not say which of them grows; the soak bench reads these every 10 s.
// V8's heap by space too: what V8 has taken for a space (size) against what is in use tells
// live data that grows from room V8 keeps (fragmentation, pages not given back).
import { getHeapSpaceStatistics } from 'node:v8';
export interface MemorySources {
  /** PGlite's WebAssembly memory in bytes (embedded storage only). */
  pgliteBytes?: () => number;
  /** Correlation's live state (worker roles). */
  windows?: () => { groups: number; entries: number };
}

export function memoryMetrics(sources: MemorySources): string[] {
  const m = process.memoryUsage();
  const lines = [
    '# HELP portwatch_process_memory_bytes Memory of this process by area (rss holds all the others).',
    '# TYPE portwatch_process_memory_bytes gauge',
    `portwatch_process_memory_bytes{area="rss"} ${m.rss}`,
    `portwatch_process_memory_bytes{area="heap_used"} ${m.heapUsed}`,
    `portwatch_process_memory_bytes{area="heap_total"} ${m.heapTotal}`,
    `portwatch_process_memory_bytes{area="external"} ${m.external}`,
    `portwatch_process_memory_bytes{area="array_buffers"} ${m.arrayBuffers}`,
  ];
  lines.push(
    '# HELP portwatch_v8_heap_space_bytes V8 heap by space: size (taken from the system) and used.',
    '# TYPE portwatch_v8_heap_space_bytes gauge',
  );
  for (const sp of getHeapSpaceStatistics())
    lines.push(
      `portwatch_v8_heap_space_bytes{space="${sp.space_name}",kind="size"} ${sp.space_size}`,
      `portwatch_v8_heap_space_bytes{space="${sp.space_name}",kind="used"} ${sp.space_used_size}`,
    );
  if (sources.pgliteBytes) lines.push(`portwatch_process_memory_bytes{area="pglite_wasm"} ${sources.pgliteBytes()}`);
  if (sources.windows) {
    const w = sources.windows();
    lines.push(
      '# HELP portwatch_correlate_window_groups Rule groups with live state (one per badge, zone… a rule groups by).',
      '# TYPE portwatch_correlate_window_groups gauge',
      `portwatch_correlate_window_groups ${w.groups}`,
      '# HELP portwatch_correlate_window_entries Records held by live windows: those of the last rule timespan plus the allowed lateness.',
      '# TYPE portwatch_correlate_window_entries gauge',
      `portwatch_correlate_window_entries ${w.entries}`,
    );
  }
  return lines;
}
