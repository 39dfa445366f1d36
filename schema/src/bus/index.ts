export * from './topics.ts';
export * from './indicator-message.ts';
export * from './messages.ts';
