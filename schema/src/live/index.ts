export * from './message.ts';
export * from './protocol.ts';
export * from './track-fix.ts';
export * from './incident-order.ts';
