// The policy is the one list of who may call what: every endpoint the apps serve must be on
// it (else it is refused to everyone), and every line must still name a served endpoint.
import { describe, expect, it } from 'vitest';
import type { Site } from '@portwatch/schema';
import { createApp } from '../app.ts';
import { createHealthApp } from '../health-app.ts';
import type { ApiContext } from '../context.ts';
import type { Store } from '../storage/store.ts';
import { testAccessControl } from '../testing/test-tokens.ts';
import { POLICY, accessFor, isProtectedPath } from './policy.ts';

const { access } = testAccessControl();
const ctx = {
  site: { id: 'test' } as Site,
  store: {} as Store,
  startedAt: new Date(),
  simulated: false,
  components: () => [],
  feeds: () => [],
  metrics: () => [],
} satisfies ApiContext;
const served = (routes: { method: string; path: string }[]) =>
  routes.filter((r) => r.method !== 'ALL' && isProtectedPath(r.path)).map((r) => `${r.method} ${r.path}`);
const policy = POLICY.map((l) => `${l.method} ${l.path}`);

describe('access policy', () => {
  it('has a line for every endpoint the API serves, and no line for one it does not', () => {
    const api = served(createApp(ctx, null, access).routes);
    for (const endpoint of api) expect(policy, `${endpoint} is served but not in auth/policy.ts`).toContain(endpoint);
    // /api/live is the WebSocket, served by the HTTP server's upgrade handler.
    for (const line of policy.filter((l) => l !== 'GET /api/live'))
      expect(api, `${line} is in the policy but not served`).toContain(line);
  });

  it('covers what a worker instance serves too', () => {
    const health = served(
      createHealthApp(
        {
          role: 'worker',
          siteId: 'test',
          startedAt: new Date(),
          components: () => [],
          feeds: () => [],
          metrics: () => [],
        },
        access,
      ).routes,
    );
    for (const endpoint of health) expect(policy).toContain(endpoint);
  });

  it('says which role each kind of request needs', () => {
    expect(accessFor('GET', '/api/health')).toBe('public');
    expect(accessFor('GET', '/api/incidents/inc-42')).toBe('viewer');
    expect(accessFor('HEAD', '/api/zones')).toBe('viewer');
    expect(accessFor('POST', '/api/dead-letters/replay')).toBe('operator');
    expect(accessFor('GET', '/api/audit')).toBe('admin');
    expect(accessFor('POST', '/api/incidents')).toBe('unlisted');
    expect(accessFor('GET', '/api/incidents/a/b')).toBe('unlisted');
    expect(accessFor('GET', '/metrics')).toBe('viewer');
    expect(accessFor('GET', '/metrics', { metricsPublic: true })).toBe('public');
    expect(accessFor('GET', '/assets/index.js')).toBe('public');
    expect(accessFor('GET', '/apiary')).toBe('public');
  });
});
