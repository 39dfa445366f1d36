export * from './rng.ts';
export * from './topics.ts';
export * from './scenario.ts';
export * from './background.ts';
export * from './publisher.ts';
export * from './live-simulation.ts';
export { SCENARIOS, findScenario } from './scenarios/index.ts';
export * from './scenario-capture.ts';
export * from './day-capture.ts';
