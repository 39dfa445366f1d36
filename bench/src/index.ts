// @portwatch/bench: the benchmark suites (`npm run bench`), their types and their runner.
export * from './bench-suite.ts';
export * from './run-benchmarks.ts';
