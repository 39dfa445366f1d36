import { describe, expect, it } from 'vitest';
import { api } from '../services/api.ts';
import { installStrictFetch } from './strict-fetch.ts';

describe('strict API mock', () => {
  // The point of the mock: a swallowed error must still fail the test.
  it.fails('fails the test on an undeclared call even when the caller catches it', async () => {
    installStrictFetch({ '/api/site': {} });
    await api.zones().catch(() => undefined);
  });

  it('answers declared routes and records the query', async () => {
    const fetch = installStrictFetch({ '/api/incidents': [] });
    await expect(api.incidents({ status: 'all', limit: 5 })).resolves.toEqual([]);
    expect(fetch.calls).toEqual(['/api/incidents?status=all&limit=5']);
  });
});
