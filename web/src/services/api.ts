// Every REST call of the web app goes through here: the access token goes on each one, and
// a 401 from any of them signs the user out (with the server's reason) in one place.
import type { ApiGet, ApiPost } from '@portwatch/schema';

const BASE = '/api';

let token: string | null = null;
/** `reason` is the server's code (invalid_token, missing_token…), `message` its words. */
type UnauthorizedHandler = (message: string, reason: string | undefined) => void;
let onUnauthorized: UnauthorizedHandler | null = null;

/** The token sent as `Authorization: Bearer …` from now on (null: none). The session store sets it. */
export function setApiToken(value: string | null): void {
  token = value;
}

/** Called with the server's reason whenever a request made with the current token gets a 401. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  onUnauthorized = handler;
}

function headers(extra: Record<string, string>, with_: string | null): Record<string, string> {
  return with_ ? { ...extra, authorization: `Bearer ${with_}` } : extra;
}

async function errorBody(res: Response): Promise<{ error?: string; reason?: string }> {
  return res.json().then(
    (b: { error?: string; reason?: string } | null) => b ?? {},
    () => ({}),
  );
}

/** A 401 for the token in use means it is no longer accepted: sign out, saying why. */
async function refused(res: Response, sentWith: string | null): Promise<string | undefined> {
  const { error, reason } = await errorBody(res);
  if (res.status === 401 && sentWith && sentWith === token)
    onUnauthorized?.(error ?? `${res.status} ${res.statusText}`, reason);
  return error;
}

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

/** The `:name` parts of a route: `/feed-health/:feed/dead-letters` → `{ feed: string }`. */
type RouteParams<R extends string> = R extends `${string}:${infer Name}/${infer Rest}`
  ? { [K in Name]: string } & RouteParams<`/${Rest}`>
  : R extends `${string}:${infer Name}`
    ? { [K in Name]: string }
    : Record<never, never>;

/** A route of the API's contract (ApiGet, ApiPost) with its parameters filled in, each URL-encoded. */
function routePath<R extends string>(route: R, params: RouteParams<R>): string {
  return route.replace(/:([A-Za-z]+)/g, (_, name: string) =>
    encodeURIComponent((params as Record<string, string>)[name]),
  );
}

function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** `acceptStatus`: error statuses whose body is still the answer (health says "down" with 503). */
async function request<T>(path: string, query?: Query, acceptStatus: number[] = [], withToken = token): Promise<T> {
  const url = BASE + withQuery(path, query);
  let res: Response;
  try {
    res = await fetch(url, { headers: headers({ accept: 'application/json' }, withToken) });
  } catch (err) {
    throw new ApiError(url, 0, `server unreachable (${(err as Error).message})`);
  }
  if (!res.ok && !acceptStatus.includes(res.status)) {
    const detail =
      res.status === 401 || res.status === 403 || res.status === 429 ? await refused(res, withToken) : undefined;
    throw new ApiError(url, res.status, detail ?? `${res.status} ${res.statusText}`.trim());
  }
  return (await res.json()) as T;
}

/** A change request; the server's `{error}` text is the message, it says what was wrong. */
async function send<T>(method: 'POST', path: string, body: unknown): Promise<T> {
  const url = BASE + path;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: headers({ accept: 'application/json', 'content-type': 'application/json' }, token),
      body: JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(url, 0, `server unreachable (${(err as Error).message})`, method);
  }
  if (!res.ok) {
    const detail = await refused(res, token);
    throw new ApiError(url, res.status, detail ?? `${res.status} ${res.statusText}`.trim(), method);
  }
  return (await res.json()) as T;
}

/** A GET route of the API's contract: its answer's type comes from the route. */
function get<R extends keyof ApiGet>(
  route: R,
  params: RouteParams<R>,
  query?: Query,
  acceptStatus: number[] = [],
  withToken = token,
): Promise<ApiGet[R]> {
  return request<ApiGet[R]>(routePath(route, params), query, acceptStatus, withToken);
}

/** A POST route of the API's contract: the body and the answer are typed by the route. */
function post<R extends keyof ApiPost>(
  route: R,
  params: RouteParams<R>,
  body: ApiPost[R]['body'],
): Promise<ApiPost[R]['response']> {
  return send<ApiPost[R]['response']>('POST', routePath(route, params), body);
}

export const api = {
  health: () => get('/health', {}, undefined, [503]),
  /** Who a token stands for; with `candidate`, checks that token instead of the one in use (signing in). */
  session: (candidate?: string) => get('/session', {}, undefined, [], candidate ?? token),
  site: () => get('/site', {}),
  zones: (q: { mode?: 'live' | 'exercise' } = {}) => get('/zones', {}, q),
  incidents: (q: { status?: 'open' | 'resolved' | 'all'; limit?: number } = {}) => get('/incidents', {}, q),
  /** Acknowledge, assign, note, SOP step, resolve, reopen: the changed incident comes back. */
  incidentAction: (id: string, body: ApiPost['/incidents/:id/actions']['body']) =>
    post('/incidents/:id/actions', { id }, body),
  /** `type`: a comma-separated list of indicator types. */
  indicators: (q: { zone?: string; since?: string; type?: string; limit?: number } = {}) => get('/indicators', {}, q),
  indicatorRate: (minutes: number) => get('/stats/indicator-rate', {}, { minutes }),
  feedHealth: () => get('/feed-health', {}),
  deadLetters: (feed: string, q: { limit?: number } = {}) => get('/feed-health/:feed/dead-letters', { feed }, q),
  replayDeadLetters: (body: ApiPost['/dead-letters/replay']['body']) => post('/dead-letters/replay', {}, body),
  scenarios: () => get('/exercises/scenarios', {}),
  exercises: () => get('/exercises', {}),
  exercise: (id: string) => get('/exercises/:id', { id }),
  startExercise: (body: ApiPost['/exercises']['body']) => post('/exercises', {}, body),
  stopExercise: (id: string) => post('/exercises/:id/stop', { id }, {}),
  exerciseReview: (id: string) => get('/exercises/:id/review', { id }),
  incidentReview: (id: string) => get('/incidents/:id/review', { id }),
  saveExerciseLessons: (id: string, lessons: string) => post('/exercises/:id/review/lessons', { id }, { lessons }),
  saveIncidentLessons: (id: string, lessons: string) => post('/incidents/:id/review/lessons', { id }, { lessons }),
  /** A review as Markdown text, for the download button. */
  reviewMarkdown: async (kind: 'exercises' | 'incidents', id: string): Promise<string> => {
    const res = await fetch(`${BASE}/${kind}/${encodeURIComponent(id)}/review?format=md`, {
      headers: headers({ accept: 'text/markdown' }, token),
    });
    if (!res.ok) throw new ApiError(`${BASE}/${kind}/${id}/review`, res.status, `${res.status} ${res.statusText}`);
    return res.text();
  },
};

export type Api = typeof api;
