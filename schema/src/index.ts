export * from './indicator.ts';
export * from './incident.ts';
export * from './zone-state.ts';
export * from './capture.ts';
export * from './live-message.ts';
export * from './validate.ts';
export * from './site.ts';
export * from './feed.ts';
