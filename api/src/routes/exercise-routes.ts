// Exercises (role analyst and up): the site's scenarios, start one, list them, follow one
// (its MSEL scored as it runs), stop one. The runner behind them is the system's.
import { Hono } from 'hono';
import type { ApiGet, ApiPost, ExerciseRequest } from '@portwatch/schema';
import type { ApiContext } from '../context.ts';
import type { AuthEnv } from '../auth/access-control.ts';
import { BadRequest } from './query.ts';
import { ExerciseRefused } from '../exercises/exercise-service.ts';

const EXERCISE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const NO_RUNNER = 'exercises are not available on this instance (it runs no exercise runner)';

export function exerciseRoutes(ctx: ApiContext): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.get('/exercises/scenarios', (c) => {
    if (!ctx.exercises) return c.json({ error: NO_RUNNER }, 503);
    return c.json(ctx.exercises.scenarios() satisfies ApiGet['/exercises/scenarios']);
  });

  app.get('/exercises', async (c) => {
    if (!ctx.exercises) return c.json([] satisfies ApiGet['/exercises']);
    return c.json((await ctx.exercises.list()) satisfies ApiGet['/exercises']);
  });

  app.get('/exercises/:id', async (c) => {
    const id = c.req.param('id');
    const ex = ctx.exercises && EXERCISE_ID.test(id) ? await ctx.exercises.get(id) : null;
    if (!ex) return c.json({ error: `no exercise ${id.slice(0, 64)}` }, 404);
    return c.json(ex satisfies ApiGet['/exercises/:id']);
  });

  app.post('/exercises', async (c) => {
    c.set('audit', { action: 'exercise.start', target: 'exercises' });
    if (!ctx.exercises) return c.json({ error: NO_RUNNER }, 503);
    let body: ExerciseRequest;
    try {
      body = await c.req.json();
    } catch {
      throw new BadRequest('body: expected JSON like {"scenario": "gate-hybrid-intrusion", "speed": "max"}');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new BadRequest('body: expected an object like {"scenario": "gate-hybrid-intrusion"}');
    const unknown = Object.keys(body).filter((k) => !['scenario', 'speed', 'site'].includes(k));
    if (unknown.length) throw new BadRequest(`${unknown[0]}: not a field of an exercise (scenario, speed, site)`);
    try {
      const ex = await ctx.exercises.start(body, c.get('principal')?.name ?? 'anonymous');
      c.set('audit', {
        action: 'exercise.start',
        target: `exercise:${ex.id}`,
        detail: { scenario: ex.scenario, speed: ex.speed },
      });
      return c.json({ id: ex.id } satisfies ApiPost['/exercises']['response'], 201);
    } catch (err) {
      if (err instanceof ExerciseRefused) return c.json({ error: err.message }, err.status);
      throw err;
    }
  });

  app.post('/exercises/:id/stop', async (c) => {
    const id = c.req.param('id');
    c.set('audit', { action: 'exercise.stop', target: `exercise:${id.slice(0, 64)}` });
    if (!ctx.exercises) return c.json({ error: NO_RUNNER }, 503);
    if (!EXERCISE_ID.test(id)) return c.json({ error: `no exercise ${id.slice(0, 64)}` }, 404);
    try {
      return c.json((await ctx.exercises.stop(id)) satisfies ApiPost['/exercises/:id/stop']['response']);
    } catch (err) {
      if (err instanceof ExerciseRefused) return c.json({ error: err.message }, err.status);
      throw err;
    }
  });

  return app;
}
