// The REST contract in the schema (ApiGet, ApiPost) names exactly the routes the app serves:
// the web app's client is typed by those names, so a route missing on either side would be
// a call that type-checks and then answers 404.
import { describe, it, expect } from 'vitest';
import type { ApiGet, ApiPost } from '@portwatch/schema';
import { createApp } from '../app.ts';
import type { Store } from '../storage/store.ts';
import { testApiContext } from '../testing/api-context.ts';
import { testAccessControl } from '../testing/test-tokens.ts';

// Records over the contract's keys: the type checker fails this file when a key is added or
// removed in the schema and not here.
const GET: Record<keyof ApiGet, true> = {
  '/health': true,
  '/session': true,
  '/site': true,
  '/zones': true,
  '/incidents': true,
  '/incidents/:id': true,
  '/incidents/:id/export': true,
  '/indicators': true,
  '/indicators/:id': true,
  '/situation': true,
  '/situation/changes': true,
  '/situation/density': true,
  '/stats/indicator-rate': true,
  '/feeds': true,
  '/dead-letters': true,
  '/feed-health': true,
  '/feed-health/:feed/dead-letters': true,
  '/audit': true,
  '/incidents/:id/review': true,
  '/exercises': true,
  '/exercises/scenarios': true,
  '/exercises/:id': true,
  '/exercises/:id/review': true,
};
const POST: Record<keyof ApiPost, true> = {
  '/incidents/:id/actions': true,
  '/dead-letters/replay': true,
  '/exercises': true,
  '/exercises/:id/stop': true,
  '/incidents/:id/review/lessons': true,
  '/exercises/:id/review/lessons': true,
};

function served(method: 'GET' | 'POST'): string[] {
  const store = {} as Store; // no route runs: only the route table is read
  const app = createApp(testApiContext(store), null, testAccessControl({ store: null }).access);
  return app.routes
    .filter((r) => r.method === method && r.path.startsWith('/api/') && !r.path.endsWith('*'))
    .map((r) => r.path.slice('/api'.length));
}

describe('the REST contract', () => {
  it('names every GET route the API serves, and no other', () => {
    expect(new Set(served('GET'))).toEqual(new Set(Object.keys(GET)));
  });

  it('names every POST route the API serves, and no other', () => {
    expect(new Set(served('POST'))).toEqual(new Set(Object.keys(POST)));
  });
});
