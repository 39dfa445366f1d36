export * from './feed-health.ts';
export * from './responses.ts';
