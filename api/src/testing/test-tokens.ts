// Test-only: real tokens for tests, made the way `portwatch token add` makes them. Tests
// never switch access control off; they sign in with one of these.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@portwatch/ingest';
import { addToken } from '../auth/tokens-file.ts';
import { TokenRegistry } from '../auth/token-registry.ts';
import { AccessControl } from '../auth/access-control.ts';
import { AuditTrail } from '../auth/audit-trail.ts';
import { FailedAuthLimiter } from '../auth/failed-auth-limiter.ts';
import type { AccessRole } from '../auth/roles.ts';
import type { Store } from '../storage/store.ts';

let made = 0;

/** Appends a new token of `role` to the tokens file and returns it. */
export function mintTestToken(
  tokensFile: string,
  role: AccessRole,
  name = `test-${role}-${process.pid}-${++made}`,
): string {
  return addToken(tokensFile, name, role).token;
}

export interface TestAccess {
  access: AccessControl;
  tokensFile: string;
  /** One token of each role, named "viewer-1", "analyst-1", "operator-1", "admin-1". */
  tokens: Record<AccessRole, string>;
}

/** Access control over a fresh tokens file in a temporary folder, for an app built in-process. */
export function testAccessControl(
  opts: { store?: Store | null; limiter?: FailedAuthLimiter; metricsPublic?: boolean } = {},
): TestAccess {
  const tokensFile = join(mkdtempSync(join(tmpdir(), 'portwatch-tokens-')), 'tokens');
  const tokens = {
    viewer: mintTestToken(tokensFile, 'viewer', 'viewer-1'),
    analyst: mintTestToken(tokensFile, 'analyst', 'analyst-1'),
    operator: mintTestToken(tokensFile, 'operator', 'operator-1'),
    admin: mintTestToken(tokensFile, 'admin', 'admin-1'),
  };
  const access = new AccessControl({
    tokens: new TokenRegistry(tokensFile),
    audit: new AuditTrail(opts.store ?? null, silentLogger),
    limiter: opts.limiter,
    metricsPublic: opts.metricsPublic,
  });
  return { access, tokensFile, tokens };
}
