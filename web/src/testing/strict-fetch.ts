// Test double for the REST API: answers only the routes a test declares and fails the
// test on any other call — even when the code under test catches the error — so that a
// store quietly calling an unexpected endpoint cannot pass. Like the server, it wants an
// access token on every call but /api/health: a call without one fails the test too, and a
// token it does not know gets the server's 401.
import { onTestFinished, vi } from 'vitest';
import { TEST_TOKEN } from './session.ts';

/** What the server lets through without a token. */
const PUBLIC = ['/api/health'];

export class HttpFailure {
  constructor(
    readonly status: number,
    /** What the server says alongside, e.g. {error: "…"}. */
    readonly body: unknown = {},
  ) {}
}

/** A function answer gets the URL and, for a POST, the parsed JSON body. */
type Answer = unknown | HttpFailure | ((url: URL, body?: unknown) => unknown);

export interface StrictFetch {
  /** Every requested URL, path and query, in order (other methods than GET prefixed: "POST /api/…"). */
  calls: string[];
  /** Routes can be added or replaced while a test runs; key "/api/x" for GET, "POST /api/x" for a POST. */
  routes: Record<string, Answer>;
}

export interface StrictFetchOptions {
  /** Tokens the fake server accepts; default the one `signInForTest` uses. */
  tokens?: string[];
}

const unauthorized = (error: string) =>
  ({
    ok: false,
    status: 401,
    statusText: 'Unauthorized',
    json: async () => ({ error, reason: 'invalid_token' }),
  }) as unknown as Response;

export function installStrictFetch(routes: Record<string, Answer>, options: StrictFetchOptions = {}): StrictFetch {
  const state: StrictFetch = { calls: [], routes: { ...routes } };
  const unexpected: string[] = [];
  const accepted = options.tokens ?? [TEST_TOKEN];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init?: RequestInit) => {
      const url = new URL(String(input), 'http://portwatch.test');
      const method = init?.method ?? 'GET';
      const key = method === 'GET' ? url.pathname : `${method} ${url.pathname}`;
      state.calls.push(method === 'GET' ? url.pathname + url.search : `${method} ${url.pathname}${url.search}`);
      const authorization = (init?.headers as Record<string, string> | undefined)?.authorization;
      if (!PUBLIC.includes(url.pathname)) {
        if (!authorization) {
          unexpected.push(`${method} ${url.pathname}${url.search} without an access token`);
          return unauthorized('sign in: this needs an access token (Authorization: Bearer <token>)');
        }
        if (!accepted.some((t) => authorization === `Bearer ${t}`))
          return unauthorized('this access token is not valid: unknown, mistyped or revoked');
      }
      if (!(key in state.routes)) {
        unexpected.push(`${method} ${url.pathname}${url.search}`);
        throw new Error(`unexpected API call: ${method} ${url.pathname}${url.search}`);
      }
      const answer = state.routes[key];
      const sent = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
      const body = typeof answer === 'function' ? (answer as (u: URL, b?: unknown) => unknown)(url, sent) : answer;
      if (body instanceof HttpFailure) {
        return {
          ok: false,
          status: body.status,
          statusText: 'Error',
          json: async () => structuredClone(body.body),
        } as unknown as Response;
      }
      return {
        ok: true,
        status: 200,
        statusText: 'OK',
        json: async () => structuredClone(body),
      } as unknown as Response;
    }),
  );
  onTestFinished(() => {
    vi.unstubAllGlobals();
    if (unexpected.length) throw new Error(`unexpected API calls: ${unexpected.join(', ')}`);
  });
  return state;
}
