// Test-only: the ApiContext of an app built in-process, with nothing running behind it (no
// components, feeds or metrics); a test names only what it is about.
import type { Site } from '@portwatch/schema';
import type { ApiContext } from '../context.ts';
import type { Store } from '../storage/store.ts';

export function testApiContext(store: Store, over: Partial<ApiContext> = {}): ApiContext {
  return {
    site: { id: 'valencia' } as Site,
    store,
    startedAt: new Date(),
    simulated: false,
    components: () => [],
    feeds: () => [],
    metrics: () => [],
    ...over,
  };
}
