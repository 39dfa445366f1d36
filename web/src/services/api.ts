// Every REST call of the web app goes through here, so that authentication (a header on
// `request`) and error reporting are added in one place later.
import type { Incident, Indicator } from '@portwatch/schema';
import type { DeadLettersResponse, FeedHealthResponse, Health, RateBucket, ReplayResponse, SiteView, ZoneStateView } from './api-types.ts';

const BASE = '/api';

export class ApiError extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
    detail: string,
    method = 'GET',
  ) {
    super(`${method} ${path} failed: ${detail}`);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | undefined>;

function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** `acceptStatus`: error statuses whose body is still the answer (health says "down" with 503). */
async function request<T>(path: string, query?: Query, acceptStatus: number[] = []): Promise<T> {
  const url = BASE + withQuery(path, query);
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' } });
  } catch (err) {
    throw new ApiError(url, 0, `server unreachable (${(err as Error).message})`);
  }
  if (!res.ok && !acceptStatus.includes(res.status)) throw new ApiError(url, res.status, `${res.status} ${res.statusText}`.trim());
  return (await res.json()) as T;
}

/** A change request; the server's `{error}` text is the message, it says what was wrong. */
async function send<T>(method: 'POST', path: string, body: unknown): Promise<T> {
  const url = BASE + path;
  let res: Response;
  try {
    res = await fetch(url, { method, headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch (err) {
    throw new ApiError(url, 0, `server unreachable (${(err as Error).message})`, method);
  }
  if (!res.ok) {
    const detail = await res.json().then((b: { error?: string }) => b?.error, () => undefined);
    throw new ApiError(url, res.status, detail ?? `${res.status} ${res.statusText}`.trim(), method);
  }
  return (await res.json()) as T;
}

export const api = {
  health: () => request<Health>('/health', undefined, [503]),
  site: () => request<SiteView>('/site'),
  zones: (q: { mode?: 'live' | 'exercise' } = {}) => request<ZoneStateView[]>('/zones', q),
  incidents: (q: { status?: 'open' | 'all'; limit?: number } = {}) => request<Incident[]>('/incidents', q),
  indicators: (q: { zone?: string; since?: string; limit?: number } = {}) => request<Indicator[]>('/indicators', q),
  indicatorRate: (minutes: number) => request<RateBucket[]>('/stats/indicator-rate', { minutes }),
  feedHealth: () => request<FeedHealthResponse>('/feed-health'),
  deadLetters: (feed: string, q: { limit?: number } = {}) => request<DeadLettersResponse>(`/feed-health/${encodeURIComponent(feed)}/dead-letters`, q),
  replayDeadLetters: (body: { feed: string; ids?: number[] }) => send<ReplayResponse>('POST', '/dead-letters/replay', body),
};

export type Api = typeof api;
