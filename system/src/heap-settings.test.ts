import { describe, expect, it } from 'vitest';
import { configFromEnv, ConfigError } from './config.ts';

describe('heap settings', () => {
  it('default to a 20 % growth factor and compaction at every full collection (flat memory under load)', () => {
    const cfg = configFromEnv({});
    expect(cfg.heapGrowthPercent).toBe(20);
    expect(cfg.heapCompact).toBe(true);
  });

  it("can be turned back to V8's own behaviour", () => {
    const cfg = configFromEnv({ HEAP_GROWTH_PERCENT: '0', HEAP_COMPACT: 'off' });
    expect(cfg.heapGrowthPercent).toBe(0);
    expect(cfg.heapCompact).toBe(false);
  });

  it('refuse a value that is not a yes or no, naming the setting', () => {
    expect(() => configFromEnv({ HEAP_COMPACT: 'sometimes' })).toThrow(ConfigError);
    expect(() => configFromEnv({ HEAP_COMPACT: 'sometimes' })).toThrow(/HEAP_COMPACT: expected 1 or 0/);
  });
});
