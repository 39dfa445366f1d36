// Test-only helpers (`@portwatch/api/testing`): real tokens and signed-in clients.
export * from './test-tokens.ts';
export * from './api-client.ts';
export * from './api-context.ts';
export * from './situation-story.ts';
export * from './situation-store.case.ts';
