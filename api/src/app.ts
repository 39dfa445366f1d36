// The Hono application: /api routes, /metrics, and the built web app. Every request passes
// access control first (auth/policy.ts says which role each endpoint needs).
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { serveStatic } from '@hono/node-server/serve-static';
import type { ApiContext } from './context.ts';
import { readRoutes } from './routes/read-routes.ts';
import { feedsRoutes } from './routes/feeds-routes.ts';
import { incidentRoutes } from './routes/incident-routes.ts';
import { exportRoutes } from './routes/export-routes.ts';
import { exerciseRoutes } from './routes/exercise-routes.ts';
import { reviewRoutes } from './routes/review-routes.ts';
import { situationRoutes } from './routes/situation-routes.ts';
import { BadRequest } from './routes/query.ts';
import { accessRoutes } from './routes/access-routes.ts';
import { prometheus } from './routes/metrics.ts';
import type { AccessControl, AuthEnv } from './auth/access-control.ts';

export function createApp(ctx: ApiContext, webDist: string | null, access: AccessControl): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.use('*', access.middleware());
  app.use(
    '/api/*',
    bodyLimit({ maxSize: 256 * 1024, onError: (c) => c.json({ error: 'request body larger than 256 KiB' }, 413) }),
  );
  app.route('/api', readRoutes(ctx));
  app.route('/api', feedsRoutes(ctx));
  app.route('/api', incidentRoutes(ctx));
  app.route('/api', exportRoutes(ctx));
  app.route('/api', exerciseRoutes(ctx));
  app.route('/api', reviewRoutes(ctx));
  app.route('/api', situationRoutes(ctx));
  app.route('/api', accessRoutes(ctx));
  app.get('/metrics', (c) =>
    c.text(prometheus({ ...ctx, metrics: () => [...ctx.metrics(), ...access.metrics()] }), 200, {
      'Content-Type': 'text/plain; version=0.0.4',
    }),
  );
  app.all('/api/*', (c) => c.json({ error: `no such endpoint: ${c.req.method} ${c.req.path}` }, 404));
  app.onError((err, c) => {
    if (err instanceof BadRequest) return c.json({ error: err.message }, 400);
    console.error(JSON.stringify({ level: 'error', msg: 'request failed', path: c.req.path, error: String(err) }));
    return c.json({ error: 'internal error' }, 500);
  });

  if (webDist && existsSync(webDist)) {
    // serveStatic resolves paths relative to the working directory.
    const root = relative(process.cwd(), webDist) || '.';
    app.use('/*', serveStatic({ root }));
    app.get('/*', serveStatic({ root, path: 'index.html' }));
  } else {
    app.get('/', (c) => c.text('Portwatch API is running; the web app is not built (run `npm run build`).'));
  }
  return app;
}
