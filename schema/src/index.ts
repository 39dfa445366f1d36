export * from './indicator.ts';
export * from './indicator-problem.ts';
export * from './incident.ts';
export * from './zone-state.ts';
export * from './capture.ts';
export * from './dead-letter.ts';
export * from './validate.ts';
export * from './site.ts';
export * from './feed.ts';
export * from './idmefv2-alert.ts';
export * from './bus/index.ts';
export * from './live/index.ts';
export * from './api/index.ts';
export * from './access-roles.ts';
export * from './situation.ts';
export * from './situation-picture/apply-change.ts';
export * from './situation-picture/incident-at.ts';
// Two keys for a track: the live protocol's (mode:kind:id) and the situation picture's (kind:id).
// The root names the live one; the picture's is `@portwatch/schema/situation`'s trackKey.
export { trackKey } from './live/index.ts';
