// After-action reviews (role analyst and up): for a resolved incident or a finished exercise,
// as JSON or Markdown (?format=md), and the lessons learned analysts write into them (audited).
import { Hono } from 'hono';
import type { ApiGet, ApiPost, Exercise, ExerciseReview, Incident, Indicator } from '@portwatch/schema';
import type { ApiContext } from '../context.ts';
import type { AuthEnv } from '../auth/access-control.ts';
import { BadRequest } from './query.ts';
import { ExerciseStore } from '../exercises/exercise-store.ts';
import { incidentReview, incidentTimeline } from '../exercises/incident-review.ts';
import { exerciseReviewMarkdown, incidentReviewMarkdown } from '../exercises/review-markdown.ts';

const MAX_LESSONS = 20_000;
const INDICATOR_WINDOW = 5000;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function reviewRoutes(ctx: ApiContext): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const store = new ExerciseStore(ctx.store.db);

  async function indicatorsOf(incident: Incident): Promise<Indicator[]> {
    const wanted = new Set(incident.indicatorIds);
    const recent = await ctx.store.listIndicators({
      since: incident.firstSeen,
      mode: incident.mode,
      limit: INDICATOR_WINDOW,
    });
    return recent.filter((i) => wanted.has(i.id));
  }

  async function reviewOfIncident(id: string) {
    const q = await store.incident(id);
    if (!q) return null;
    return incidentReview(
      q.incident,
      await indicatorsOf(q.incident),
      q.queuedAt,
      await store.lessons(`incident:${id}`),
    );
  }

  async function reviewOfExercise(ex: Exercise): Promise<ExerciseReview> {
    const queued = await store.incidents(ex.id);
    const incidents = await Promise.all(
      queued.map(async (q) =>
        incidentReview(
          q.incident,
          await indicatorsOf(q.incident),
          q.queuedAt,
          await store.lessons(`incident:${q.incident.id}`),
        ),
      ),
    );
    // The injects on the same line as what they caused.
    const injects = ex.injects.map((i) => ({
      time: new Date(Date.parse(ex.scenarioStart) + i.atS * 1000).toISOString(),
      kind: 'inject' as const,
      title: i.title,
    }));
    const timeline = [...injects, ...queued.flatMap((q) => incidentTimeline(q.incident, []))].sort((a, b) =>
      a.time.localeCompare(b.time),
    );
    const lessons = await store.lessons(`exercise:${ex.id}`);
    return {
      exercise: ex,
      missed: ex.expected.filter((e) => !e.found).map((e) => ({ ruleId: e.ruleId, zoneId: e.zoneId })),
      timeline,
      incidents,
      lessons: lessons?.lessons ?? '',
      ...(lessons ? { lessonsBy: lessons.by, lessonsAt: lessons.at } : {}),
    };
  }

  function format(q: string | undefined): 'json' | 'md' {
    if (q === undefined || q === 'json' || q === 'md') return q ?? 'json';
    throw new BadRequest(`format: expected md or json, got ${JSON.stringify(q.slice(0, 20))}`);
  }

  async function lessonsBody(c: { req: { json(): Promise<unknown> } }): Promise<string> {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new BadRequest('body: expected JSON like {"lessons": "…"}');
    }
    const lessons = (body as { lessons?: unknown } | null)?.lessons;
    if (typeof lessons !== 'string') throw new BadRequest('lessons: required (text)');
    if (lessons.length > MAX_LESSONS)
      throw new BadRequest(`lessons: at most ${MAX_LESSONS} characters, got ${lessons.length}`);
    if (CONTROL.test(lessons)) throw new BadRequest('lessons: control characters are not allowed');
    return lessons;
  }

  app.get('/incidents/:id/review', async (c) => {
    const fmt = format(c.req.query('format'));
    const id = c.req.param('id');
    const review = await reviewOfIncident(id);
    if (!review) return c.json({ error: `no incident ${id.slice(0, 200)}` }, 404);
    if (review.status !== 'resolved' && review.status !== 'closed')
      return c.json({ error: `incident ${id} is ${review.status}: its review is written once it is resolved` }, 409);
    if (fmt === 'md')
      return c.body(incidentReviewMarkdown(review), 200, {
        'Content-Type': 'text/markdown; charset=utf-8',
        'Content-Disposition': `attachment; filename="${id}.review.md"`,
      });
    return c.json(review satisfies ApiGet['/incidents/:id/review']);
  });

  app.post('/incidents/:id/review/lessons', async (c) => {
    const id = c.req.param('id');
    c.set('audit', { action: 'review.lessons', target: `incident:${id.slice(0, 200)}` });
    const lessons = await lessonsBody(c);
    if (!(await store.incident(id))) return c.json({ error: `no incident ${id.slice(0, 200)}` }, 404);
    await store.setLessons(`incident:${id}`, lessons, c.get('principal')?.name ?? 'anonymous');
    c.set('audit', { action: 'review.lessons', target: `incident:${id}`, detail: { chars: lessons.length } });
    return c.json((await reviewOfIncident(id))! satisfies ApiPost['/incidents/:id/review/lessons']['response']);
  });

  app.get('/exercises/:id/review', async (c) => {
    const fmt = format(c.req.query('format'));
    const id = c.req.param('id');
    const ex = ctx.exercises ? await ctx.exercises.get(id) : await store.get(id);
    if (!ex) return c.json({ error: `no exercise ${id.slice(0, 64)}` }, 404);
    if (ex.status === 'running')
      return c.json({ error: `exercise ${id} is still running: review it once it ends` }, 409);
    const review = await reviewOfExercise(ex);
    if (fmt === 'md')
      return c.body(exerciseReviewMarkdown(review), 200, {
        'Content-Type': 'text/markdown; charset=utf-8',
        'Content-Disposition': `attachment; filename="${id}.review.md"`,
      });
    return c.json(review satisfies ApiGet['/exercises/:id/review']);
  });

  app.post('/exercises/:id/review/lessons', async (c) => {
    const id = c.req.param('id');
    c.set('audit', { action: 'review.lessons', target: `exercise:${id.slice(0, 64)}` });
    const lessons = await lessonsBody(c);
    const ex = ctx.exercises ? await ctx.exercises.get(id) : await store.get(id);
    if (!ex) return c.json({ error: `no exercise ${id.slice(0, 64)}` }, 404);
    await store.setLessons(`exercise:${id}`, lessons, c.get('principal')?.name ?? 'anonymous');
    c.set('audit', { action: 'review.lessons', target: `exercise:${id}`, detail: { chars: lessons.length } });
    return c.json((await reviewOfExercise(ex)) satisfies ApiPost['/exercises/:id/review/lessons']['response']);
  });

  return app;
}
