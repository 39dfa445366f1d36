import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { api, setApiToken } from '../services/api.ts';
import { installStrictFetch } from './strict-fetch.ts';
import { signInForTest } from './session.ts';

describe('strict API mock', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    signInForTest();
  });

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

  // Like the server: a call without a token is a bug in the app, not a test detail.
  it.fails('fails the test on a call made without an access token', async () => {
    setApiToken(null);
    installStrictFetch({ '/api/site': {} });
    await api.site().catch(() => undefined);
  });

  it('lets /api/health through without a token and answers an unknown token with 401', async () => {
    setApiToken(null);
    installStrictFetch({ '/api/health': { status: 'ok' }, '/api/site': {} });
    await expect(api.health()).resolves.toEqual({ status: 'ok' });
    setApiToken('pw_someone-else');
    await expect(api.site()).rejects.toMatchObject({ status: 401 });
  });
});
