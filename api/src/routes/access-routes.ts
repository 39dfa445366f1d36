// Who the caller is (the web app shows it and checks a token with it) and the audit trail.
// Which role each needs is in auth/policy.ts, like every other route.
import { Hono } from 'hono';
import type { ApiGet } from '@portwatch/schema';
import type { ApiContext } from '../context.ts';
import type { AuthEnv } from '../auth/access-control.ts';
import { ROLE_MEANING } from '../auth/roles.ts';
import { intParam } from './query.ts';

export function accessRoutes(ctx: ApiContext): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.get('/session', (c) => {
    const p = c.get('principal');
    // The policy lets no one here without a token; this guards against a policy mistake.
    if (!p) return c.json({ error: 'not signed in' }, 401);
    return c.json({
      name: p.name,
      role: p.role,
      may: ROLE_MEANING[p.role],
      siteId: ctx.site.id,
    } satisfies ApiGet['/session']);
  });

  app.get('/audit', async (c) => {
    const limit = intParam(c.req.query('limit'), 'limit', 1, 1000, 100);
    return c.json((await ctx.store.listAudit(limit)) satisfies ApiGet['/audit']);
  });

  return app;
}
