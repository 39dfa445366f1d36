// A worker thread starts without the loaders of the thread that made it: register tsx's
// TypeScript loader here, then run the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./decode-worker.ts');
