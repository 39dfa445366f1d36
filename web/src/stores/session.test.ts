import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { tokenFromHash, useSessionStore, TOKEN_KEY } from './session.ts';
import { useSiteStore } from './site.ts';
import { HttpFailure, installStrictFetch } from '../testing/strict-fetch.ts';
import { TEST_TOKEN } from '../testing/session.ts';
import { makeSite } from '../testing/fixtures.ts';

const who = {
  name: 'night-shift',
  role: 'operator',
  may: 'viewer, and may act: re-run dead letters',
  siteId: 'valencia',
};

describe('session store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    sessionStorage.clear();
  });
  afterEach(() => sessionStorage.clear());

  it('signs in with a token the server knows, keeps it for this tab and sends it on every call', async () => {
    const api = installStrictFetch({ '/api/session': who, '/api/site': makeSite(), '/api/health': { status: 'ok' } });
    const session = useSessionStore();
    expect(await session.signIn(`  ${TEST_TOKEN}\n`)).toBe(true);
    expect(session.signedIn).toBe(true);
    expect([session.name, session.role]).toEqual(['night-shift', 'operator']);
    expect(sessionStorage.getItem(TOKEN_KEY)).toBe(TEST_TOKEN);
    // The strict mock fails the test on any call without the token.
    await useSiteStore().hydrate();
    expect(api.calls).toEqual(['/api/session', '/api/site', '/api/health']);
    expect(session.can('viewer') && session.can('operator') && !session.can('admin')).toBe(true);
  });

  it('says in plain words why a token was not accepted, and keeps nothing', async () => {
    installStrictFetch({ '/api/session': who });
    const session = useSessionStore();
    expect(await session.signIn('pw_typo')).toBe(false);
    expect(session.state).toBe('signed-out');
    expect(session.problem).toMatch(
      /^This token is not accepted: it may be mistyped, cut short when copied, or revoked/,
    );
    expect(sessionStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(await session.signIn('   ')).toBe(false);
    expect(session.problem).toBe('Paste your access token first.');
  });

  it('tells a locked-out computer how long to wait, and an unreachable server apart', async () => {
    const api = installStrictFetch({
      '/api/session': new HttpFailure(429, {
        error: 'too many failed sign-ins from this address; try again in 37 s',
        reason: 'rate_limited',
      }),
    });
    const session = useSessionStore();
    await session.signIn(TEST_TOKEN);
    expect(session.problem).toBe('Too many failed sign-ins from this computer: wait 37 seconds, then try again.');
    api.routes['/api/session'] = () => {
      throw new TypeError('Failed to fetch');
    };
    await session.signIn(TEST_TOKEN);
    expect(session.problem).toMatch(/^Cannot reach the Portwatch server/);
  });

  it('signs in from a sign-in link and takes the token out of the address bar', async () => {
    installStrictFetch({ '/api/session': who });
    const replaceState = vi.fn();
    await useSessionStore().restore(
      { hash: `#/login?token=${TEST_TOKEN}`, pathname: '/', search: '' },
      { replaceState },
    );
    expect(replaceState).toHaveBeenCalledWith(null, '', '/#/');
    expect(useSessionStore().signedIn).toBe(true);
    expect(tokenFromHash('#/feeds')).toBeNull();
  });

  it('stays signed in across a reload, and says so when the saved token was revoked meanwhile', async () => {
    installStrictFetch({ '/api/session': who });
    sessionStorage.setItem(TOKEN_KEY, TEST_TOKEN);
    await useSessionStore().restore({ hash: '', pathname: '/', search: '' }, { replaceState: vi.fn() });
    expect(useSessionStore().signedIn).toBe(true);

    setActivePinia(createPinia());
    sessionStorage.setItem(TOKEN_KEY, 'pw_revoked');
    const session = useSessionStore();
    await session.restore({ hash: '', pathname: '/', search: '' }, { replaceState: vi.fn() });
    expect(session.signedIn).toBe(false);
    expect(session.problem).toBeNull();
    expect(session.signedOutReason).toBe(
      'The token this tab was signed in with is no longer accepted (it may have been revoked).',
    );
    expect(sessionStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('brings back the sign-in screen with the reason when any call gets a 401', async () => {
    const api = installStrictFetch({ '/api/session': who, '/api/site': makeSite(), '/api/health': { status: 'ok' } });
    const session = useSessionStore();
    await session.signIn(TEST_TOKEN);
    api.routes['/api/site'] = new HttpFailure(401, {
      error: 'this access token is not valid: unknown, mistyped or revoked',
      reason: 'invalid_token',
    });
    await useSiteStore().hydrate();
    expect(session.signedIn).toBe(false);
    expect(session.signedOutReason).toBe(
      'The server no longer accepts your access token; it may have been revoked. If you did not expect that, ask whoever runs Portwatch for a new one.',
    );
    expect(sessionStorage.getItem(TOKEN_KEY)).toBeNull();
  });
});
