import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useSiteStore } from './site.ts';
import { HttpFailure, installStrictFetch } from '../testing/strict-fetch.ts';
import { signInForTest } from '../testing/session.ts';
import { makeSite } from '../testing/fixtures.ts';

const health = { status: 'ok', siteId: 'valencia', simulated: true, uptimeS: 12, startedAt: '2025-03-14T02:00:00Z' };

describe('site store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    signInForTest();
  });

  it('hydrates the site plan and the demo flag', async () => {
    installStrictFetch({ '/api/site': makeSite(), '/api/health': health });
    const store = useSiteStore();
    await store.hydrate();
    expect(store.site?.name).toBe('Port of Valencia');
    expect(store.simulated).toBe(true);
    expect(store.zoneName('gate-north')).toBe('North Gate');
    expect(store.zoneName('unknown-zone')).toBe('unknown-zone');
  });

  it('still shows the map when the health check fails', async () => {
    installStrictFetch({ '/api/site': makeSite(), '/api/health': new HttpFailure(500) });
    const store = useSiteStore();
    await store.hydrate();
    expect(store.site).not.toBeNull();
    expect(store.simulated).toBe(false);
    expect(store.error).toBeNull();
  });

  it('reads the demo flag even when the server reports itself down', async () => {
    installStrictFetch({ '/api/site': makeSite(), '/api/health': { ...health, status: 'down' } });
    const store = useSiteStore();
    await store.hydrate();
    expect(store.health?.status).toBe('down');
    expect(store.simulated).toBe(true);
  });

  it('says why the site plan could not be loaded', async () => {
    installStrictFetch({ '/api/site': new HttpFailure(502), '/api/health': health });
    const store = useSiteStore();
    await store.hydrate();
    expect(store.site).toBeNull();
    expect(store.error).toContain('/api/site');
    expect(store.error).toContain('502');
  });
});
