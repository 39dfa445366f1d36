// What a worker or simulator instance serves: health for orchestrators and Prometheus metrics,
// behind the same access control as the API (the audit goes to the log: no store here).
import { Hono } from 'hono';
import type { AccessControl, AuthEnv } from './auth/access-control.ts';
import type { FeedCounters } from '@portwatch/ingest';
import type { ComponentStatus } from './context.ts';
import { prometheus } from './routes/metrics.ts';
import { securityHeaders } from './security-headers.ts';

export interface HealthContext {
  role: string;
  siteId: string;
  startedAt: Date;
  components(): ComponentStatus[];
  feeds(): FeedCounters[];
  metrics(): string[];
}

export function createHealthApp(ctx: HealthContext, access: AccessControl): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.use('*', securityHeaders());
  app.use('*', access.middleware());
  app.get('/api/health', (c) => {
    const components = ctx.components();
    const down = components.some((x) => x.status === 'down');
    if (!c.get('principal')) return c.json({ status: down ? 'down' : 'ok' }, down ? 503 : 200);
    return c.json(
      {
        status: down ? 'down' : 'ok',
        role: ctx.role,
        siteId: ctx.siteId,
        startedAt: ctx.startedAt.toISOString(),
        components,
      },
      down ? 503 : 200,
    );
  });
  app.get('/api/feeds', (c) => c.json(ctx.feeds()));
  app.get('/metrics', (c) =>
    c.text(prometheus({ ...ctx, metrics: () => [...ctx.metrics(), ...access.metrics()] }), 200, {
      'Content-Type': 'text/plain; version=0.0.4',
    }),
  );
  app.all('*', (c) =>
    c.json({ error: `this is a ${ctx.role} instance: only /api/health, /api/feeds and /metrics are served` }, 404),
  );
  return app;
}
