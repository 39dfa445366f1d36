// Feed health for engineers and operators: each declared feed with its counters and a status
// in plain words, its dead letters (raw record and reason), and re-running dead letters
// through the pipeline as configured now — after the mapping or the feed was fixed.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type {
  DeadLettersResponse,
  FeedHealthResponse,
  ReplayOutcome,
  ReplayRequest,
  ReplayResponse,
} from '@portwatch/schema';
import type { ApiContext } from '../context.ts';
import { feedViews } from '@portwatch/ingest';
import type { AuthEnv } from '../auth/access-control.ts';
import { BadRequest, intParam } from './query.ts';

/** Letters per re-run call: each one is a pipeline pass and an indicator publish. */
export const MAX_REPLAY = 100;
const FEED_ID = /^[a-z0-9][a-z0-9-]*$/;

function feedParam(value: unknown): string {
  if (typeof value !== 'string' || !FEED_ID.test(value))
    throw new BadRequest(`feed: expected a feed id such as "access-control", got ${JSON.stringify(value)}`);
  return value;
}

async function replayBody(req: { json(): Promise<unknown> }): Promise<ReplayRequest> {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new BadRequest('body: expected JSON like {"feed": "access-control", "ids": [12, 13]}');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new BadRequest('body: expected a JSON object {"feed", "ids"?}');
  const { feed, ids } = body as { feed?: unknown; ids?: unknown };
  if (ids === undefined) return { feed: feedParam(feed) };
  if (
    !Array.isArray(ids) ||
    ids.length === 0 ||
    ids.length > MAX_REPLAY ||
    !ids.every((x) => Number.isSafeInteger(x) && x > 0)
  ) {
    throw new BadRequest(`ids: expected 1 to ${MAX_REPLAY} dead-letter ids (positive integers)`);
  }
  return { feed: feedParam(feed), ids: [...new Set(ids as number[])] };
}

export function feedsRoutes(ctx: ApiContext): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  let replaying = false;

  app.get('/feed-health', (c) =>
    c.json({
      generatedAt: new Date().toISOString(),
      configProblem: ctx.feedConfigProblem?.() ?? null,
      // Until the running system hands over its feed set, judge the counted feeds alone.
      feeds: feedViews(ctx.feedConfigs ? ctx.feedConfigs() : null, ctx.feeds()),
    } satisfies FeedHealthResponse),
  );

  app.get('/feed-health/:feed/dead-letters', async (c) => {
    const feed = feedParam(c.req.param('feed'));
    const limit = intParam(c.req.query('limit'), 'limit', 1, 500, 50);
    const pending = c.req.query('pending');
    if (pending !== undefined && pending !== 'true' && pending !== 'false')
      throw new BadRequest(`pending: expected true or false, got "${pending}"`);
    const letters = await ctx.store.listDeadLetters({ feed, pendingOnly: pending === 'true', limit });
    // Re-runs are always recorded (the migrations add the columns); the field stays for older clients.
    return c.json({ feed, replayTracked: true, letters } satisfies DeadLettersResponse);
  });

  app.post(
    '/dead-letters/replay',
    bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.json({ error: 'request body larger than 16 KiB' }, 413) }),
    async (c) => {
      // Access control writes the audit row (who, when, from where, the answer) with this note.
      c.set('audit', { action: 'dead-letters.replay', target: 'dead-letters' });
      const { feed, ids } = await replayBody(c.req);
      c.set('audit', {
        action: 'dead-letters.replay',
        target: `feed:${feed}`,
        detail: ids ? { ids: ids.length } : undefined,
      });
      if (!ctx.reprocess)
        return c.json({ error: 'this server runs no ingest pipeline, so it cannot re-run dead letters' }, 503);
      // One re-run at a time: two overlapping ones would run the same letters twice.
      if (replaying) return c.json({ error: 'a re-run is already in progress; try again when it has finished' }, 409);
      replaying = true;
      try {
        const rows = await ctx.store.deadLettersToReplay(feed, ids, MAX_REPLAY);
        const results: ReplayOutcome[] = [];
        const found = new Set(rows.map((r) => r.id));
        for (const id of ids ?? [])
          if (!found.has(id))
            results.push({
              id,
              outcome: 'skipped',
              indicatorIds: [],
              reason: `no dead letter ${id} of feed "${feed}"`,
            });
        for (const r of rows) {
          const id = r.id;
          if (r.truncated) {
            results.push({
              id,
              outcome: 'skipped',
              indicatorIds: [],
              reason: 'only the start of this record was kept, so it cannot be re-run',
            });
            continue;
          }
          if (r.via !== 'mqtt' && r.via !== 'kafka') {
            results.push({ id, outcome: 'skipped', indicatorIds: [], reason: `unknown transport "${r.via}"` });
            continue;
          }
          const out = await ctx.reprocess({ via: r.via, topic: r.topic, payload: r.payload });
          if (out.reasons.length) {
            results.push({
              id,
              outcome: 'rejected',
              indicatorIds: out.indicatorIds ?? [],
              reason: out.reasons.join('; '),
            });
            continue;
          }
          results.push({ id, outcome: 'decoded', indicatorIds: out.indicatorIds ?? [] });
          await ctx.store.markDeadLetterReplayed(id, out.indicatorIds ?? []);
        }
        results.sort((a, b) => a.id - b.id);
        const summary = {
          feed,
          tried: results.filter((r) => r.outcome !== 'skipped').length,
          decoded: results.filter((r) => r.outcome === 'decoded').length,
          stillRejected: results.filter((r) => r.outcome === 'rejected').length,
          skipped: results.filter((r) => r.outcome === 'skipped').length,
          marked: true,
        };
        c.set('audit', { action: 'dead-letters.replay', target: `feed:${feed}`, detail: summary });
        return c.json({ ...summary, results } satisfies ReplayResponse);
      } finally {
        replaying = false;
      }
    },
  );

  return app;
}
