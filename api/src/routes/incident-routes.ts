// Operators work incidents: acknowledge, assign, note, tick SOP steps, resolve, reopen. Each
// accepted change is one history line on the incident (who, when, what, why), stored, pushed
// live and written to the audit trail; a change that the incident's state does not allow is
// a 409 that says why.
import { Hono } from 'hono';
import type { IncidentActionResponse } from '@portwatch/schema';
import { bodyLimit } from 'hono/body-limit';
import type { ApiContext } from '../context.ts';
import type { AuthEnv } from '../auth/access-control.ts';
import { BadRequest } from './query.ts';
import { parseIncidentAction } from '../incidents/incident-action.ts';
import { applyAction, type ActionOutcome } from '../incidents/apply-action.ts';

const INCIDENT_ID = /^[A-Za-z0-9._:-]{1,200}$/;
/** An audit row keeps the start of a note or reason; the incident's history keeps all of it. */
const AUDIT_NOTE_CHARS = 200;

export function incidentRoutes(ctx: ApiContext): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.post(
    '/incidents/:id/actions',
    bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.json({ error: 'request body larger than 16 KiB' }, 413) }),
    async (c) => {
      const id = c.req.param('id');
      // Access control writes the audit row (who, when, from where, the answer) with this note.
      c.set('audit', { action: 'incident.action', target: `incident:${id.slice(0, 200)}` });
      if (!INCIDENT_ID.test(id))
        throw new BadRequest(`id: expected an incident id, got ${JSON.stringify(id.slice(0, 60))}`);
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        throw new BadRequest('body: expected JSON like {"action": "acknowledge"}');
      }
      const req = parseIncidentAction(body);
      c.set('audit', { action: `incident.${req.action}`, target: `incident:${id}` });
      // Access control let only a token holder with the operator role through.
      const by = c.get('principal')?.name ?? 'anonymous';
      const now = new Date();

      let outcome: ActionOutcome | undefined;
      const written = await ctx.store.changeIncident(id, (stored) => {
        outcome = applyAction(stored, req, by, now);
        return outcome.ok && outcome.changed ? outcome.incident : null;
      });
      if (!written || !outcome) return c.json({ error: `no incident ${id}` }, 404);
      if (!outcome.ok) {
        c.set('audit', {
          action: `incident.${req.action}`,
          target: `incident:${id}`,
          detail: { refused: outcome.error },
        });
        return c.json({ error: outcome.error }, outcome.status);
      }
      if (!outcome.changed) {
        c.set('audit', {
          action: `incident.${req.action}`,
          target: `incident:${id}`,
          detail: { unchanged: outcome.message },
        });
        return c.json({
          changed: false,
          message: outcome.message,
          incident: outcome.incident,
        } satisfies IncidentActionResponse);
      }

      const { change } = outcome;
      // As stored, with the store's revision: pushes of it are ordered by that.
      const incident = written.after ?? outcome.incident;
      c.set('audit', {
        action: `incident.${req.action}`,
        target: `incident:${id}`,
        detail: {
          status: `${written.before.status} → ${incident.status}`,
          ...(change.from !== undefined ? { from: change.from } : {}),
          ...(change.to !== undefined ? { to: change.to } : {}),
          ...(change.note ? { note: change.note.slice(0, AUDIT_NOTE_CHARS) } : {}),
        },
      });
      ctx.broadcast?.([{ type: 'incident', data: incident }]);
      if (req.action === 'resolve') {
        // The resolve is stored whatever happens here; losing the re-arm only means a new
        // incident may be raised for the same group before the re-arm period is over.
        await ctx.incidentResolved?.(incident, now.getTime()).catch((err: Error) =>
          console.error(
            JSON.stringify({
              level: 'error',
              msg: 'correlation not told of a resolve; the rule is not re-armed',
              incident: id,
              error: err.message,
            }),
          ),
        );
      }
      return c.json({ changed: true, incident } satisfies IncidentActionResponse);
    },
  );

  return app;
}
