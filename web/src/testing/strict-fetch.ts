// Test double for the REST API: answers only the routes a test declares and fails the
// test on any other call — even when the code under test catches the error — so that a
// store quietly calling an unexpected endpoint cannot pass.
import { onTestFinished, vi } from 'vitest';

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

export function installStrictFetch(routes: Record<string, Answer>): StrictFetch {
  const state: StrictFetch = { calls: [], routes: { ...routes } };
  const unexpected: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init?: RequestInit) => {
      const url = new URL(String(input), 'http://portwatch.test');
      const method = init?.method ?? 'GET';
      const key = method === 'GET' ? url.pathname : `${method} ${url.pathname}`;
      state.calls.push(method === 'GET' ? url.pathname + url.search : `${method} ${url.pathname}${url.search}`);
      if (!(key in state.routes)) {
        unexpected.push(`${method} ${url.pathname}${url.search}`);
        throw new Error(`unexpected API call: ${method} ${url.pathname}${url.search}`);
      }
      const answer = state.routes[key];
      const sent = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
      const body = typeof answer === 'function' ? (answer as (u: URL, b?: unknown) => unknown)(url, sent) : answer;
      if (body instanceof HttpFailure) {
        return { ok: false, status: body.status, statusText: 'Error', json: async () => structuredClone(body.body) } as unknown as Response;
      }
      return { ok: true, status: 200, statusText: 'OK', json: async () => structuredClone(body) } as unknown as Response;
    }),
  );
  onTestFinished(() => {
    vi.unstubAllGlobals();
    if (unexpected.length) throw new Error(`unexpected API calls: ${unexpected.join(', ')}`);
  });
  return state;
}
