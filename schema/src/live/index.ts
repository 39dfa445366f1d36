export * from './message.ts';
export * from './protocol.ts';
