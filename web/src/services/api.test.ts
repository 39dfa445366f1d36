import { describe, expect, it } from 'vitest';
import { api, setApiToken } from './api.ts';
import { installStrictFetch } from '../testing/strict-fetch.ts';
import { TEST_TOKEN } from '../testing/session.ts';
import { makeDeadLetter } from '../testing/feed-fixtures.ts';

describe('api client', () => {
  it("fills a route's parameters URL-encoded, so an id cannot reach another endpoint", async () => {
    setApiToken(TEST_TOKEN);
    const letters = { feed: 'ais rx', replayTracked: true, letters: [makeDeadLetter()] };
    const fake = installStrictFetch({
      '/api/feed-health/ais%20rx/dead-letters': letters,
      'POST /api/incidents/inc%2F7%3Freopen/actions': { changed: false, message: 'already acknowledged' },
    });
    expect(await api.deadLetters('ais rx', { limit: 5 })).toEqual(letters);
    await api.incidentAction('inc/7?reopen', { action: 'acknowledge' });
    expect(fake.calls).toEqual([
      '/api/feed-health/ais%20rx/dead-letters?limit=5',
      'POST /api/incidents/inc%2F7%3Freopen/actions',
    ]);
  });
});
