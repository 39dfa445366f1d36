import { describe, expect, it } from 'vitest';
import { openPglite } from '@portwatch/api';
import { memoryMetrics } from './memory-metrics.ts';

const value = (lines: string[], name: string) => {
  const line = lines.find((l) => l.startsWith(name + ' '));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
};

describe('memory metrics', () => {
  it("say where the process's memory is, and only what this role has", () => {
    const lines = memoryMetrics({});
    const rss = value(lines, 'portwatch_process_memory_bytes{area="rss"}')!;
    const heap = value(lines, 'portwatch_process_memory_bytes{area="heap_used"}')!;
    expect(heap).toBeGreaterThan(0);
    expect(rss).toBeGreaterThan(heap);
    expect(value(lines, 'portwatch_process_memory_bytes{area="pglite_wasm"}')).toBeUndefined();
    expect(value(lines, 'portwatch_correlate_window_entries')).toBeUndefined();
    const worker = memoryMetrics({ windows: () => ({ groups: 3, entries: 40 }) });
    expect(value(worker, 'portwatch_correlate_window_groups')).toBe(3);
    expect(value(worker, 'portwatch_correlate_window_entries')).toBe(40);
  });

  it("break V8's heap down by space, so a growing heap total can be told from growing live data", () => {
    const lines = memoryMetrics({});
    const old = (kind: string) => value(lines, `portwatch_v8_heap_space_bytes{space="old_space",kind="${kind}"}`)!;
    expect(old('used')).toBeGreaterThan(0);
    expect(old('size')).toBeGreaterThanOrEqual(old('used'));
    // Holding 40 MB of live objects shows in old space's use once they are promoted.
    const before = old('used');
    const held = Array.from({ length: 400_000 }, (_, i) => ({ i, s: 'x'.repeat(20) + i }));
    for (let k = 0; k < 3; k++) Array.from({ length: 100_000 }, () => ({}));
    const after = value(memoryMetrics({}), 'portwatch_v8_heap_space_bytes{space="old_space",kind="used"}')!;
    expect(held.length).toBe(400_000);
    expect(
      after + value(memoryMetrics({}), 'portwatch_v8_heap_space_bytes{space="new_space",kind="used"}')!,
    ).toBeGreaterThan(before + 20 * 2 ** 20);
  });

  it("report PGlite's WebAssembly memory, which grows when PostgreSQL needs more", async () => {
    const db = await openPglite(null);
    try {
      const at = (lines: string[]) => value(lines, 'portwatch_process_memory_bytes{area="pglite_wasm"}')!;
      const before = at(memoryMetrics({ pgliteBytes: db.wasmMemoryBytes }));
      expect(before).toBeGreaterThan(16 * 2 ** 20);
      // A sort bigger than the heap PGlite started with.
      await db.exec("SET work_mem = '256MB'");
      await db.query('SELECT md5(g::text) AS h FROM generate_series(1, 600000) g ORDER BY h LIMIT 1');
      expect(at(memoryMetrics({ pgliteBytes: db.wasmMemoryBytes }))).toBeGreaterThan(before);
    } finally {
      await db.close();
    }
  });
});
