#!/usr/bin/env node
// The `portwatch` command. Portwatch is written in TypeScript and runs from source through
// tsx's loader, so there is no separate build step for the services.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
