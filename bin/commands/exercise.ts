// `portwatch exercise run <scenario> [--speed n|max] [--site <id>] [--url <base>] [--token <t>]`:
// a scripted exercise against a running instance (URL and token also from PORTWATCH_URL and
// PORTWATCH_TOKEN): starts it, shows its progress, prints the MSEL's outcome. Exit 0 when
// every expected incident was found, 1 when one was missed or the exercise was stopped.
import type { Exercise } from '@portwatch/schema';
import { UsageError } from '../usage.ts';
import { parseArgs } from './args.ts';

const POLL_MS = 1000;

const fmt = (s: number | undefined) => (s === undefined ? '—' : `${s} s`);

export function outcomeTable(ex: Exercise): string {
  const rows = ex.expected.map((e) =>
    [
      e.found ? 'found ' : 'MISSED',
      e.ruleId.padEnd(34),
      e.zoneId.padEnd(20),
      `detected ${fmt(e.detectedAfterS)}${e.detectedInTime === false ? ' (late)' : ''}`.padEnd(24),
      `ack ${fmt(e.acknowledgedAfterS)}`.padEnd(14),
      `resolved ${fmt(e.resolvedAfterS)}`,
    ].join('  '),
  );
  const found = ex.expected.filter((e) => e.found).length;
  return [
    `exercise ${ex.id}: ${ex.title}`,
    `${ex.status}${ex.reason ? ` (${ex.reason})` : ''}; ${ex.records.sent}/${ex.records.total} records; ${found}/${ex.expected.length} expected incidents found; ${ex.incidentIds.length} incidents raised`,
    ...rows,
    '',
  ].join('\n');
}

export async function exercise(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'run') throw new UsageError('exercise: expected "exercise run <scenario> [--speed n|max]"');
  const { flags, positionals } = parseArgs(rest, { values: ['speed', 'url', 'token', 'site'] });
  const scenario = positionals[0];
  if (!scenario) throw new UsageError('exercise run: name the scenario (GET /api/exercises/scenarios lists them)');
  const url = (typeof flags.url === 'string' ? flags.url : process.env.PORTWATCH_URL)?.replace(/\/$/, '');
  const token = typeof flags.token === 'string' ? flags.token : process.env.PORTWATCH_TOKEN;
  if (!url) throw new UsageError('exercise run: --url or PORTWATCH_URL is required (e.g. http://127.0.0.1:8080)');
  if (!token) throw new UsageError('exercise run: --token or PORTWATCH_TOKEN is required (an analyst token or above)');
  let speed: number | 'max' = 'max';
  if (typeof flags.speed === 'string' && flags.speed !== 'max') {
    speed = Number(flags.speed);
    if (!Number.isFinite(speed) || speed <= 0)
      throw new UsageError(`--speed: expected a positive number or "max", got "${flags.speed}"`);
  }
  const call = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(url + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) {
      let why = text;
      try {
        why = (JSON.parse(text) as { error?: string }).error ?? text;
      } catch {
        // not JSON: the text says it
      }
      throw new Error(`${body === undefined ? 'GET' : 'POST'} ${path}: HTTP ${res.status}: ${why}`);
    }
    return JSON.parse(text) as T;
  };
  const { id } = await call<{ id: string }>('/api/exercises', {
    scenario,
    speed,
    ...(typeof flags.site === 'string' ? { site: flags.site } : {}),
  });
  process.stderr.write(`exercise ${id} started (${scenario}, speed ${speed})\n`);
  let shown = '';
  let ex: Exercise;
  const interrupt = () => void call(`/api/exercises/${id}/stop`, {}).catch(() => {});
  process.once('SIGINT', interrupt);
  try {
    for (;;) {
      ex = await call<Exercise>(`/api/exercises/${id}`);
      const injects = ex.injects.filter((i) => i.sentAt).length;
      const found = ex.expected.filter((e) => e.found).length;
      const line = `  ${ex.status}: ${ex.records.sent}/${ex.records.total} records, ${injects}/${ex.injects.length} injects, ${found}/${ex.expected.length} expected found`;
      if (line !== shown) process.stderr.write(line + '\n');
      shown = line;
      if (ex.status !== 'running') break;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } finally {
    process.off('SIGINT', interrupt);
  }
  process.stdout.write(outcomeTable(ex));
  return ex.status === 'finished' && ex.expected.every((e) => e.found) ? 0 : 1;
}
