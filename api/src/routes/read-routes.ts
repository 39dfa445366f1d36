// Read-only API: what the map, the incident queue and the charts load on (re)load.
import { Hono } from 'hono';
import { MODES, type ApiGet } from '@portwatch/schema';
import type { ApiContext } from '../context.ts';
import type { AuthEnv } from '../auth/access-control.ts';
import { BadRequest, enumParam, intParam, timeParam } from './query.ts';

export function readRoutes(ctx: ApiContext): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.get('/health', (c) => {
    const components = ctx.components();
    const status = components.some((x) => x.status === 'down')
      ? 'down'
      : components.some((x) => x.status === 'degraded')
        ? 'degraded'
        : 'ok';
    if (!c.get('principal')) return c.json({ status } satisfies ApiGet['/health'], status === 'down' ? 503 : 200);
    return c.json(
      {
        status,
        siteId: ctx.site.id,
        simulated: ctx.simulated,
        startedAt: ctx.startedAt.toISOString(),
        uptimeS: Math.round((Date.now() - ctx.startedAt.getTime()) / 1000),
        components,
      } satisfies ApiGet['/health'],
      status === 'down' ? 503 : 200,
    );
  });

  app.get('/site', (c) => {
    const { dir: _dir, ...site } = ctx.site;
    return c.json(site satisfies ApiGet['/site']);
  });

  app.get('/zones', async (c) => {
    const mode = enumParam(c.req.query('mode'), 'mode', MODES, 'live')!;
    const states = new Map((await ctx.store.zoneStates(ctx.site.id, mode)).map((z) => [z.zoneId, z]));
    return c.json(
      ctx.site.zones.features.map((f) => {
        const z = states.get(f.properties.id);
        return {
          siteId: ctx.site.id,
          zoneId: f.properties.id,
          name: f.properties.name,
          kind: f.properties.kind,
          criticality: f.properties.criticality,
          mode,
          risk: z?.risk ?? 0,
          physical: z?.physical ?? 0,
          cyber: z?.cyber ?? 0,
          level: z?.level ?? 'low',
          openIncidents: z?.openIncidents ?? 0,
          propagatedFrom: z?.propagatedFrom,
          updatedAt: z?.updatedAt ?? ctx.startedAt.toISOString(),
        };
      }) satisfies ApiGet['/zones'],
    );
  });

  app.get('/incidents', async (c) => {
    const status = enumParam(c.req.query('status'), 'status', ['open', 'resolved', 'all'] as const, 'open');
    const mode = enumParam(c.req.query('mode'), 'mode', MODES, undefined);
    const limit = intParam(c.req.query('limit'), 'limit', 1, 1000, 200);
    return c.json((await ctx.store.listIncidents({ status, mode, limit })) satisfies ApiGet['/incidents']);
  });

  app.get('/incidents/:id', async (c) => {
    const inc = await ctx.store.getIncident(c.req.param('id'));
    return inc
      ? c.json(inc satisfies ApiGet['/incidents/:id'])
      : c.json({ error: `no incident ${c.req.param('id')}` }, 404);
  });

  app.get('/indicators', async (c) => {
    const zone = c.req.query('zone') || undefined;
    if (zone && !ctx.site.zones.features.some((f) => f.properties.id === zone))
      throw new BadRequest(`zone: unknown zone "${zone}"`);
    const since = timeParam(c.req.query('since'), 'since');
    const mode = enumParam(c.req.query('mode'), 'mode', MODES, undefined);
    const types = typesParam(c.req.query('type'));
    const limit = intParam(c.req.query('limit'), 'limit', 1, 5000, 200);
    return c.json(
      (await ctx.store.listIndicators({ zone, since, mode, types, limit })) satisfies ApiGet['/indicators'],
    );
  });

  app.get('/stats/indicator-rate', async (c) => {
    const minutes = intParam(c.req.query('minutes'), 'minutes', 1, 1440, 60);
    const mode = enumParam(c.req.query('mode'), 'mode', MODES, 'live')!;
    return c.json((await ctx.store.indicatorRate(minutes, mode)) satisfies ApiGet['/stats/indicator-rate']);
  });

  app.get('/feeds', (c) => c.json(ctx.feeds() satisfies ApiGet['/feeds']));

  app.get('/dead-letters', async (c) => {
    const limit = intParam(c.req.query('limit'), 'limit', 1, 1000, 100);
    const letters = await ctx.store.listDeadLetters({ feed: c.req.query('feed') || undefined, limit });
    return c.json(letters satisfies ApiGet['/dead-letters']);
  });

  return app;
}

const INDICATOR_TYPE = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/;

/** `type=ais.position,drone.detected`: at most 20 indicator types, each dotted lower-case words. */
function typesParam(value: string | undefined): string[] | undefined {
  if (value === undefined || value === '') return undefined;
  const types = value.split(',');
  if (types.length > 20) throw new BadRequest('type: at most 20 indicator types');
  for (const t of types)
    if (!INDICATOR_TYPE.test(t))
      throw new BadRequest(`type: expected indicator types like "ais.position", got ${JSON.stringify(t.slice(0, 60))}`);
  return types;
}
