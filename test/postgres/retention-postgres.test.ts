// Retention on the real PostgreSQL server: the same suite as on PGlite (api/src/storage/retention).
import { afterAll } from 'vitest';
import { scratchDatabase, type ScratchDatabase } from '../support/postgres.ts';
import { retentionSuite } from '../../api/src/storage/retention/retention.case.ts';

let scratch: ScratchDatabase | undefined;
afterAll(async () => scratch?.drop());
retentionSuite(async () => (scratch = await scratchDatabase('portwatch_retention')).db);
