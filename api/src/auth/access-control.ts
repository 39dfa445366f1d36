// The gate every request passes: which role the endpoint needs (policy.ts), who the bearer
// token says the caller is (the tokens file), failed attempts per address, and the audit
// trail of changes and refusals. The REST middleware and the WebSocket upgrade use the same check.
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AuditEvent } from '../storage/audit-table.ts';
import { accessFor, type PolicyOptions } from './policy.ts';
import { roleAllows, type Principal } from './roles.ts';
import type { TokenRegistry } from './token-registry.ts';
import { FailedAuthLimiter } from './failed-auth-limiter.ts';
import type { AuditTrail } from './audit-trail.ts';
import { hashToken } from './tokens-file.ts';

/** What a route may add to its audit row: a name for the action, its target and outcome. */
export interface AuditNote {
  action: string;
  target: string;
  detail?: unknown;
}

/** The Hono environment of every Portwatch app: who is calling, and what the route did. */
export type AuthEnv = { Variables: { principal: Principal | null; audit: AuditNote | undefined } };

export type DenyReason = 'missing_token' | 'invalid_token' | 'forbidden' | 'unlisted' | 'rate_limited';

export type Decision =
  | { ok: true; principal: Principal | null }
  | {
      ok: false;
      status: 401 | 403 | 429;
      reason: DenyReason;
      error: string;
      principal: Principal | null;
      retryAfterS?: number;
      detail: string;
      audit: boolean;
    };

export interface AccessControlOptions extends PolicyOptions {
  tokens: TokenRegistry;
  audit: AuditTrail;
  limiter?: FailedAuthLimiter;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `Authorization: Bearer <token>`; null when absent or another scheme. */
export function bearerToken(header: string | null | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1] : null;
}

/** The connecting address; requests made in-process (tests) have none. */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export class AccessControl {
  readonly tokens: TokenRegistry;
  readonly limiter: FailedAuthLimiter;
  readonly audit: AuditTrail;
  private readonly policy: PolicyOptions;
  private readonly denied: Record<DenyReason, number> = {
    missing_token: 0,
    invalid_token: 0,
    forbidden: 0,
    unlisted: 0,
    rate_limited: 0,
  };

  constructor(opts: AccessControlOptions) {
    this.tokens = opts.tokens;
    this.audit = opts.audit;
    this.limiter = opts.limiter ?? new FailedAuthLimiter();
    this.policy = { metricsPublic: opts.metricsPublic };
  }

  check(method: string, path: string, token: string | null, client: string): Decision {
    const access = accessFor(method, path, this.policy);
    // A public route still learns who is asking, when the token is good (health details);
    // a bad token there is not a refusal, it is simply nobody.
    if (access === 'public') return { ok: true, principal: token ? this.tokens.verify(token) : null };
    const wait = this.limiter.retryAfterS(client);
    if (wait > 0) {
      return this.deny({
        status: 429,
        reason: 'rate_limited',
        principal: null,
        retryAfterS: wait,
        error: `too many failed sign-ins from this address; try again in ${wait} s`,
        detail: `more than ${this.limiter.max} failed sign-ins in ${this.limiter.windowMs / 1000} s`,
        audit: this.limiter.firstRefusal(client),
      });
    }
    if (!token) {
      this.limiter.fail(client);
      return this.deny({
        status: 401,
        reason: 'missing_token',
        principal: null,
        error: 'sign in: this needs an access token (Authorization: Bearer <token>)',
        detail: 'no token',
        audit: true,
      });
    }
    const principal = this.tokens.verify(token);
    if (!principal) {
      this.limiter.fail(client);
      // A prefix of the presented token's hash lets an admin match it to a revoked line; it reveals nothing of the token.
      return this.deny({
        status: 401,
        reason: 'invalid_token',
        principal: null,
        error: 'this access token is not valid: unknown, mistyped or revoked',
        detail: `unknown token (sha256 ${hashToken(token).slice(0, 12)}…)`,
        audit: true,
      });
    }
    if (access === 'unlisted') {
      return this.deny({
        status: 403,
        reason: 'unlisted',
        principal,
        error: `${method} ${path} is not open to any role`,
        detail: 'not in the access policy',
        audit: true,
      });
    }
    if (!roleAllows(principal.role, access)) {
      return this.deny({
        status: 403,
        reason: 'forbidden',
        principal,
        error: `your token (${principal.name}, ${principal.role}) may not do this: it needs the ${access} role`,
        detail: `needs ${access}`,
        audit: true,
      });
    }
    return { ok: true, principal };
  }

  private deny(d: Omit<Extract<Decision, { ok: false }>, 'ok'>): Decision {
    this.denied[d.reason] += 1;
    return { ok: false, ...d };
  }

  /** The audit row of a refused request. */
  deniedEvent(d: Extract<Decision, { ok: false }>, method: string, path: string, client: string): AuditEvent {
    return {
      at: new Date().toISOString(),
      actor: d.principal?.name ?? 'anonymous',
      role: d.principal?.role ?? null,
      method,
      path,
      status: d.status,
      client,
      action: d.reason === 'rate_limited' ? 'auth.rate_limited' : d.status === 401 ? 'auth.denied' : 'access.denied',
      target: path,
      detail: d.detail,
    };
  }

  middleware(): MiddlewareHandler<AuthEnv> {
    return async (c, next) => {
      const method = c.req.method;
      const path = c.req.path;
      const client = clientAddress(c);
      const d = this.check(method, path, bearerToken(c.req.header('authorization')), client);
      if (!d.ok) {
        if (d.audit) await this.audit.record(this.deniedEvent(d, method, path, client));
        if (d.status === 401)
          c.header(
            'WWW-Authenticate',
            d.reason === 'invalid_token'
              ? 'Bearer realm="portwatch", error="invalid_token"'
              : 'Bearer realm="portwatch"',
          );
        if (d.retryAfterS) c.header('Retry-After', String(d.retryAfterS));
        return c.json({ error: d.error, reason: d.reason }, d.status);
      }
      c.set('principal', d.principal);
      await next();
      if (SAFE_METHODS.has(method)) return;
      const note = c.get('audit');
      await this.audit.record({
        at: new Date().toISOString(),
        actor: d.principal?.name ?? 'anonymous',
        role: d.principal?.role ?? null,
        method,
        path,
        status: c.res.status,
        client,
        action: note?.action ?? `${method} ${path}`,
        target: note?.target ?? path,
        detail: note?.detail,
      });
    };
  }

  metrics(): string[] {
    return [
      '# HELP portwatch_auth_denied_total Requests refused by access control, by reason (missing_token, invalid_token: failed sign-ins; forbidden, unlisted: role too low; rate_limited: too many failed sign-ins from one address).',
      '# TYPE portwatch_auth_denied_total counter',
      ...Object.entries(this.denied).map(([reason, n]) => `portwatch_auth_denied_total{reason="${reason}"} ${n}`),
      '# HELP portwatch_auth_tokens Access tokens the server accepts.',
      '# TYPE portwatch_auth_tokens gauge',
      `portwatch_auth_tokens ${this.tokens.size}`,
      '# HELP portwatch_audit_rows_failed_total Audit rows that could not be written to the store.',
      '# TYPE portwatch_audit_rows_failed_total counter',
      `portwatch_audit_rows_failed_total ${this.audit.failed}`,
    ];
  }
}
