// The Hono application: /api routes, /metrics, and the built web app.
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { serveStatic } from '@hono/node-server/serve-static';
import type { ApiContext } from './context.ts';
import { readRoutes } from './routes/read-routes.ts';
import { feedsRoutes } from './routes/feeds-routes.ts';
import { BadRequest } from './routes/query.ts';
import { prometheus } from './routes/metrics.ts';

export function createApp(ctx: ApiContext, webDist: string | null): Hono {
  const app = new Hono();
  app.use('/api/*', bodyLimit({ maxSize: 256 * 1024, onError: (c) => c.json({ error: 'request body larger than 256 KiB' }, 413) }));
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.route('/api', readRoutes(ctx));
  app.route('/api', feedsRoutes(ctx));
  app.get('/metrics', (c) => c.text(prometheus(ctx), 200, { 'Content-Type': 'text/plain; version=0.0.4' }));
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
