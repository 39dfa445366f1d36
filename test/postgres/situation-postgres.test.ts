// The situation store on the real PostgreSQL server: the same case as on PGlite.
import { migrate, Store } from '@portwatch/api';
import { describeSituationStore } from '@portwatch/api/testing';
import { scratchDatabase } from '../support/postgres.ts';

describeSituationStore('PostgreSQL', async () => {
  const scratch = await scratchDatabase('portwatch_situation');
  await migrate(scratch.db);
  return { store: new Store(scratch.db), close: () => scratch.drop() };
});
