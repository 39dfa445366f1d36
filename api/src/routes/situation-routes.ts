// The situation over time: the picture at a moment, the changes playback applies, the density
// along the time bar, and one indicator's stored record (the evidence an incident lists).
import { Hono } from 'hono';
import type { ApiGet, Mode } from '@portwatch/schema';
import type { ApiContext } from '../context.ts';
import type { AuthEnv } from '../auth/access-control.ts';
import type { SituationScope } from '../storage/situation-store.ts';
import { BadRequest, enumParam, intParam, timeParam } from './query.ts';

const SITUATION_MODES: readonly Mode[] = ['live', 'exercise'];

export function situationRoutes(ctx: ApiContext): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  /** mode=live|exercise; an exercise's own id (`exerciseId`) is accepted and does not narrow yet. */
  const scopeOf = (query: (name: string) => string | undefined): SituationScope => ({
    siteId: ctx.site.id,
    mode: enumParam(query('mode'), 'mode', SITUATION_MODES, 'live')!,
  });
  const zoneIds = () => (ctx.site.zones?.features ?? []).map((f) => f.properties.id);

  app.get('/situation', async (c) => {
    const scope = scopeOf((n) => c.req.query(n));
    const at = new Date(timeParam(c.req.query('at'), 'at') ?? Date.now());
    const situation = await ctx.store.situation.situationAt(scope, at, zoneIds());
    return c.json(situation satisfies ApiGet['/situation']);
  });

  app.get('/situation/changes', async (c) => {
    const scope = scopeOf((n) => c.req.query(n));
    const { from, to } = rangeOf((n) => c.req.query(n));
    const limit = intParam(c.req.query('limit'), 'limit', 1, 50_000, 5_000);
    const changes = await ctx.store.situation.changes(scope, from, to, limit);
    return c.json(changes satisfies ApiGet['/situation/changes']);
  });

  app.get('/situation/density', async (c) => {
    const scope = scopeOf((n) => c.req.query(n));
    const { from, to } = rangeOf((n) => c.req.query(n));
    const buckets = intParam(c.req.query('buckets'), 'buckets', 1, 2_000, 200);
    const density = await ctx.store.situation.density(scope, from, to, buckets);
    return c.json(density satisfies ApiGet['/situation/density']);
  });

  app.get('/indicators/:id', async (c) => {
    const indicator = await ctx.store.getIndicator(c.req.param('id'));
    return indicator
      ? c.json(indicator satisfies ApiGet['/indicators/:id'])
      : c.json({ error: `no indicator ${c.req.param('id')}` }, 404);
  });

  return app;
}

/** `from` is needed, `to` defaults to now and must not be before `from`. */
function rangeOf(query: (name: string) => string | undefined): { from: Date; to: Date } {
  const fromIso = timeParam(query('from'), 'from');
  if (!fromIso) throw new BadRequest('from: expected an ISO-8601 time, got nothing');
  const to = new Date(timeParam(query('to'), 'to') ?? Date.now());
  const from = new Date(fromIso);
  if (to < from) throw new BadRequest(`to: expected a time at or after from (${fromIso}), got "${query('to')}"`);
  return { from, to };
}
