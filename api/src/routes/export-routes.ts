// GET /api/incidents/:id/export?format=cap|stix|idmef|timeline — an incident in a standard
// format, as a file download (api/src/exports/ says what each format carries).
import { Hono } from 'hono';
import type { Indicator } from '@portwatch/schema';
import type { ApiContext } from '../context.ts';
import type { AuthEnv } from '../auth/access-control.ts';
import { BadRequest } from './query.ts';
import { EXPORT_FORMATS, exportIncident, isExportFormat } from '../exports/index.ts';

/** The store answers indicator queries newest first, at most this many. */
const INDICATOR_WINDOW = 5000;

export function exportRoutes(ctx: ApiContext): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.get('/incidents/:id/export', async (c) => {
    const format = c.req.query('format') ?? '';
    if (!isExportFormat(format))
      throw new BadRequest(
        `format: expected one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(format.slice(0, 40))}`,
      );
    const id = c.req.param('id');
    const incident = await ctx.store.getIncident(id);
    if (!incident) return c.json({ error: `no incident ${id}` }, 404);
    // The store has no lookup by id list: the incident's indicators are the ones of its mode
    // since it was first seen. Ids that fall outside that window (retention, or more than
    // INDICATOR_WINDOW newer ones) are exported as missing, and counted in a header.
    const wanted = new Set(incident.indicatorIds);
    const recent = await ctx.store.listIndicators({
      since: incident.firstSeen,
      mode: incident.mode,
      limit: INDICATOR_WINDOW,
    });
    const indicators: Indicator[] = recent.filter((i) => wanted.has(i.id));
    const file = exportIncident(format, { incident, indicators, zones: ctx.site.zones.features });
    return c.body(file.body, 200, {
      'Content-Type': `${file.contentType}; charset=utf-8`,
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      'X-Portwatch-Indicators-Missing': String(wanted.size - indicators.length),
    });
  });

  return app;
}
