// Test double for the REST API: answers only the routes a test declares and fails the
// test on any other call — even when the code under test catches the error — so that a
// store quietly calling an unexpected endpoint cannot pass.
import { onTestFinished, vi } from 'vitest';

export class HttpFailure {
  constructor(readonly status: number) {}
}

type Answer = unknown | HttpFailure | ((url: URL) => unknown);

export interface StrictFetch {
  /** Every requested URL, path and query, in order. */
  calls: string[];
  /** Routes can be added or replaced while a test runs. */
  routes: Record<string, Answer>;
}

export function installStrictFetch(routes: Record<string, Answer>): StrictFetch {
  const state: StrictFetch = { calls: [], routes: { ...routes } };
  const unexpected: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string) => {
      const url = new URL(String(input), 'http://portwatch.test');
      state.calls.push(url.pathname + url.search);
      if (!(url.pathname in state.routes)) {
        unexpected.push(url.pathname + url.search);
        throw new Error(`unexpected API call: GET ${url.pathname}${url.search}`);
      }
      const answer = state.routes[url.pathname];
      const body = typeof answer === 'function' ? (answer as (u: URL) => unknown)(url) : answer;
      if (body instanceof HttpFailure) {
        return { ok: false, status: body.status, statusText: 'Error', json: async () => ({}) } as unknown as Response;
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
