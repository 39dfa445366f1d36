// The benchmark suites, by name, loaded only when run (the transport suite needs brokers).
import type { BenchSuite } from './bench-suite.ts';

export const SUITES: Record<string, () => Promise<{ suite: BenchSuite }>> = {
  decoders: () => import('./suites/decoders.bench.ts'),
  correlation: () => import('./suites/correlation.bench.ts'),
  transport: () => import('./suites/transport.bench.ts'),
  live: () => import('./suites/live.bench.ts'),
  map: () => import('./suites/map.bench.ts'),
  detection: () => import('./suites/detection.bench.ts'),
  situation: () => import('./suites/situation.bench.ts'),
  storage: () => import('./suites/storage.bench.ts'),
  kafka: () => import('./suites/kafka.bench.ts'),
  soak: () => import('./suites/soak.bench.ts'),
};
