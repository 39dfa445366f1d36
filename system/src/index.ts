// @portwatch/system, the composition root: what runs where. The roles and the embedded
// default (startSystem), configuration from the environment, the site bundle loader, access
// setup, and the offline pipeline (replayCapture). bin/ parses arguments and calls these.
export * from './config.ts';
export * from './start-system.ts';
export * from './load-site-bundle.ts';
export * from './access-setup.ts';
export * from './replay/replay-capture.ts';
export * from './decode/format-pipeline.ts';
export { DataDirLockedError, lockDataDir } from './lock/data-dir-lock.ts';
export { PortInUseError } from './lock/port-free.ts';
