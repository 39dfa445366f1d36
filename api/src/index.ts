// What the API offers the composition root (@portwatch/system) and the tests: storage, the
// HTTP apps and server, the live socket hub, the store writer, auth. Starting it is system's job.
export * from './storage/db.ts';
export * from './storage/migrations.ts';
export * from './storage/store.ts';
export type { AuditEvent } from './storage/audit-table.ts';
export type { DeadLetterQuery } from './storage/dead-letter-table.ts';
export type { IndicatorQuery } from './storage/indicator-table.ts';
export * from './app.ts';
export * from './health-app.ts';
export * from './context.ts';
export * from './server.ts';
export * from './live/hub.ts';
export * from './store-writer.ts';
export * from './incidents/sop-checklist.ts';
export * from './incidents/resolve-notifier.ts';
export * from './auth/roles.ts';
export * from './auth/tokens-file.ts';
export * from './auth/token-registry.ts';
export * from './auth/access-control.ts';
export * from './auth/audit-trail.ts';
export * from './exercises/exercise-runner.ts';
export * from './exercises/exercise-service.ts';
export * from './exercises/exercise-store.ts';
export * from './exports/index.ts';
export * from './storage/retention/retention.ts';
export * from './storage/rebuild-source.ts';
export * from './fanout/live-follower.ts';
