// The situation picture over time, for the server and for the browser's replay (no validator,
// no dependency: `@portwatch/schema/situation`).
export * from '../situation.ts';
export * from './apply-change.ts';
export * from './incident-at.ts';
