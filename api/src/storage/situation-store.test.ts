// The situation store on embedded PGlite; test/postgres runs the same case on the server.
import { openPglite } from './db.ts';
import { migrate } from './migrations.ts';
import { Store } from './store.ts';
import { describeSituationStore } from '../testing/situation-store.case.ts';

describeSituationStore('PGlite', async () => {
  const db = await openPglite(null);
  await migrate(db);
  return { store: new Store(db), close: () => db.close() };
});
