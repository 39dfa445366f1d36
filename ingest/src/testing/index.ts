// Test-only helpers (`@portwatch/ingest/testing`), for tests and benchmarks outside ingest.
export * from './good-fixtures.ts';
export * from './correlation-fixtures.ts';
