// Which role each endpoint needs: the one place that says so. An /api endpoint that is not
// listed here is refused to everyone, so a new route cannot be public by accident; a test
// checks that every route the app serves has its line.
import type { AccessRole } from './roles.ts';

export type Access = 'public' | AccessRole;

export interface PolicyLine {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As the route is declared: `:name` stands for one path segment. */
  path: string;
  access: Access;
}

export const POLICY: readonly PolicyLine[] = [
  // The container healthcheck and load balancers call it without a token; it says only up or down.
  { method: 'GET', path: '/api/health', access: 'public' },
  { method: 'GET', path: '/api/session', access: 'viewer' },
  { method: 'GET', path: '/api/site', access: 'viewer' },
  { method: 'GET', path: '/api/zones', access: 'viewer' },
  { method: 'GET', path: '/api/incidents', access: 'viewer' },
  { method: 'GET', path: '/api/incidents/:id', access: 'viewer' },
  // Standard exports (CAP, STIX, IDMEFv2, timeline): the analyst's, for sharing and reviews.
  { method: 'GET', path: '/api/incidents/:id/export', access: 'analyst' },
  // Exercises and after-action reviews: the analyst's workbench (lessons learned are audited).
  { method: 'GET', path: '/api/exercises', access: 'analyst' },
  { method: 'GET', path: '/api/exercises/scenarios', access: 'analyst' },
  { method: 'GET', path: '/api/exercises/:id', access: 'analyst' },
  { method: 'POST', path: '/api/exercises', access: 'analyst' },
  { method: 'POST', path: '/api/exercises/:id/stop', access: 'analyst' },
  { method: 'GET', path: '/api/exercises/:id/review', access: 'analyst' },
  { method: 'POST', path: '/api/exercises/:id/review/lessons', access: 'analyst' },
  { method: 'GET', path: '/api/incidents/:id/review', access: 'analyst' },
  { method: 'POST', path: '/api/incidents/:id/review/lessons', access: 'analyst' },
  { method: 'GET', path: '/api/indicators', access: 'viewer' },
  // An incident's evidence: each indicator opens its raw record.
  { method: 'GET', path: '/api/indicators/:id', access: 'viewer' },
  // The situation at a moment, and what replay moves its cursor with (any viewer may look back).
  { method: 'GET', path: '/api/situation', access: 'viewer' },
  { method: 'GET', path: '/api/situation/changes', access: 'viewer' },
  { method: 'GET', path: '/api/situation/density', access: 'viewer' },
  { method: 'GET', path: '/api/stats/indicator-rate', access: 'viewer' },
  { method: 'GET', path: '/api/feeds', access: 'viewer' },
  { method: 'GET', path: '/api/feed-health', access: 'viewer' },
  { method: 'GET', path: '/api/feed-health/:feed/dead-letters', access: 'viewer' },
  { method: 'GET', path: '/api/dead-letters', access: 'viewer' },
  // The WebSocket: checked at the upgrade, before any live data is sent.
  { method: 'GET', path: '/api/live', access: 'viewer' },
  { method: 'POST', path: '/api/dead-letters/replay', access: 'operator' },
  // Acknowledge, assign, note, SOP steps, resolve, reopen: every change is audited.
  { method: 'POST', path: '/api/incidents/:id/actions', access: 'operator' },
  { method: 'GET', path: '/api/audit', access: 'admin' },
  // Public only with PORTWATCH_METRICS_PUBLIC=1 (a scraper on a private network).
  { method: 'GET', path: '/metrics', access: 'viewer' },
];

export interface PolicyOptions {
  metricsPublic?: boolean;
}

const compiled = POLICY.map((line) => ({
  line,
  re: new RegExp('^' + line.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+') + '$'),
}));

/** Paths that belong to the API (and so to this policy); everything else is the web app's static files. */
export function isProtectedPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path === '/metrics' || path.startsWith('/metrics/');
}

/**
 * What a request needs: 'public', a role, or 'unlisted' (an API path nobody may use). The
 * web app's files are public: they hold no data, and the sign-in screen is one of them.
 */
export function accessFor(method: string, path: string, opts: PolicyOptions = {}): Access | 'unlisted' {
  if (!isProtectedPath(path)) return 'public';
  const m = method === 'HEAD' ? 'GET' : method;
  const hit = compiled.find((c) => c.line.method === m && c.re.test(path));
  if (!hit) return 'unlisted';
  if (hit.line.path === '/metrics' && opts.metricsPublic) return 'public';
  return hit.line.access;
}
