// Exercises from start to finish: started from the API, run by the system's runner on the
// exercise channel, persisted at every step (a restart keeps them), scored on every read.
// An exercise finishes once all its records are sent and either every expected incident is
// found or the settle time has passed (correlation runs behind the brokers).
import { randomBytes } from 'node:crypto';
import type { Exercise, ExerciseRequest, ExerciseSpeed } from '@portwatch/schema';
import type { ExerciseRun, ExerciseRunner } from './exercise-runner.ts';
import type { ExerciseStore } from './exercise-store.ts';
import { scoreExercise } from './score-exercise.ts';

export class ExerciseRefused extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
  }
}

export interface ExerciseServiceOptions {
  store: ExerciseStore;
  runner: ExerciseRunner;
  siteId: string;
  /** How long after the last record to wait for expected incidents (default 30 s). */
  settleMs?: number;
  /** At most this many running at once (default 8). */
  maxRunning?: number;
  log?: (msg: string, fields: Record<string, unknown>) => void;
}

const POLL_MS = 500;

export function parseSpeed(v: unknown): ExerciseSpeed {
  if (v === undefined || v === 'max') return v === 'max' ? 'max' : 1;
  if (typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 10_000) return v;
  throw new ExerciseRefused(`speed: expected a number above 0 (at most 10000) or "max", got ${JSON.stringify(v)}`);
}

export class ExerciseService {
  private readonly runs = new Map<string, ExerciseRun>();
  /** Writes of one exercise, in order (progress comes faster than storage answers). */
  private readonly writes = new Map<string, Promise<void>>();
  private readonly live = new Map<string, Exercise>();

  constructor(private readonly o: ExerciseServiceOptions) {}

  /** After a restart: runs that were under way cannot resume (their records were half sent). */
  async recover(): Promise<number> {
    const stale = await this.o.store.running();
    for (const ex of stale)
      await this.o.store.save({
        ...ex,
        status: 'stopped',
        endedAt: new Date().toISOString(),
        reason: 'the server restarted',
      });
    return stale.length;
  }

  scenarios() {
    return this.o.runner.scenarios();
  }

  async start(req: ExerciseRequest, by: string): Promise<Exercise> {
    if (!req || typeof req.scenario !== 'string' || !req.scenario)
      throw new ExerciseRefused('scenario: required (a scenario id from GET /api/exercises/scenarios)');
    const siteId = req.site ?? this.o.siteId;
    if (siteId !== this.o.siteId)
      throw new ExerciseRefused(`site: this instance runs site "${this.o.siteId}", not "${siteId}"`);
    const speed = parseSpeed(req.speed);
    const now = Date.now();
    const id = `ex-${now.toString(36)}-${randomBytes(3).toString('hex')}`;
    let plan;
    try {
      plan = this.o.runner.plan(req.scenario, siteId, id);
    } catch (err) {
      throw new ExerciseRefused((err as Error).message, /unknown scenario/.test((err as Error).message) ? 404 : 400);
    }
    if (this.runs.size >= (this.o.maxRunning ?? 8))
      throw new ExerciseRefused(`${this.runs.size} exercises are running: stop one first`, 409);
    const ex: Exercise = {
      id,
      scenario: plan.scenario,
      title: plan.title,
      siteId,
      speed,
      status: 'running',
      startedAt: new Date(now).toISOString(),
      startedBy: by,
      scenarioStart: new Date(now).toISOString(),
      durationS: plan.durationS,
      injects: plan.injects.map((i) => ({ ...i })),
      expected: plan.expected.map((e) => ({ ...e, found: false })),
      records: { sent: 0, total: plan.records },
      incidentIds: [],
    };
    this.live.set(id, ex);
    await this.o.store.save(ex);
    const run = this.o.runner.run({
      exerciseId: id,
      plan,
      speed: speed === 'max' ? Infinity : speed,
      scenarioStartMs: now,
      onInject: (i, wallMs) => {
        if (ex.injects[i]) ex.injects[i].sentAt = new Date(wallMs).toISOString();
        this.persist(ex);
      },
      onProgress: (sent) => {
        ex.records.sent = sent;
      },
    });
    this.runs.set(id, run);
    run.done.then(
      () => this.settle(ex),
      (err: Error) => this.end(ex, 'stopped', `publishing failed: ${err.message}`),
    );
    return ex;
  }

  async stop(id: string): Promise<Exercise> {
    const ex = this.live.get(id);
    if (!ex) {
      const stored = await this.o.store.get(id);
      if (!stored) throw new ExerciseRefused(`no exercise ${id}`, 404);
      return this.scored(stored);
    }
    this.runs.get(id)?.stop();
    await this.end(ex, 'stopped', 'stopped by an analyst');
    return this.scored(ex);
  }

  async get(id: string): Promise<Exercise | null> {
    const ex = this.live.get(id) ?? (await this.o.store.get(id));
    return ex ? this.scored(ex) : null;
  }

  async list(): Promise<Exercise[]> {
    const stored = await this.o.store.list();
    return Promise.all(stored.map((s) => this.scored(this.live.get(s.id) ?? s)));
  }

  /** Running exercises' ids (the banner). */
  running(): string[] {
    return [...this.live.values()].filter((e) => e.status === 'running').map((e) => e.id);
  }

  async close(): Promise<void> {
    for (const ex of [...this.live.values()]) {
      this.runs.get(ex.id)?.stop();
      await this.end(ex, 'stopped', 'the server stopped');
    }
  }

  private async scored(ex: Exercise): Promise<Exercise> {
    const incidents = await this.o.store.incidents(ex.id);
    return {
      ...ex,
      expected: scoreExercise(ex, ex.expected, incidents, Date.now()),
      incidentIds: incidents.map((q) => q.incident.id),
    };
  }

  private async settle(ex: Exercise): Promise<void> {
    const deadline = Date.now() + (this.o.settleMs ?? 30_000);
    while (ex.status === 'running') {
      const s = await this.scored(ex);
      if (s.expected.every((e) => e.found) || Date.now() >= deadline) return this.end(ex, 'finished');
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  private async end(ex: Exercise, status: 'finished' | 'stopped', reason?: string): Promise<void> {
    if (ex.status !== 'running') return;
    ex.status = status;
    ex.endedAt = new Date().toISOString();
    if (reason) ex.reason = reason;
    this.runs.delete(ex.id);
    const final = await this.scored(ex);
    Object.assign(ex, { expected: final.expected, incidentIds: final.incidentIds });
    this.o.log?.('exercise ended', { id: ex.id, status, reason, found: final.expected.filter((e) => e.found).length });
    await this.persist(ex);
    this.live.delete(ex.id);
  }

  private persist(ex: Exercise): Promise<void> {
    const snapshot: Exercise = JSON.parse(JSON.stringify(ex));
    const next = (this.writes.get(ex.id) ?? Promise.resolve()).then(() => this.o.store.save(snapshot)).catch(() => {});
    this.writes.set(ex.id, next);
    return next;
  }
}
