// Where this instance's access tokens come from. A configured tokens file must exist and
// parse. Without one, the embedded default keeps `<dataDir>/tokens` and, on its first start,
// makes one admin token there, so `npm start` stays a two-command quick start.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@portwatch/ingest';
import { TokenRegistry, addToken, readTokens } from '@portwatch/api';
import { ConfigError, type SystemConfig } from './config.ts';

export interface FirstStartToken {
  name: string;
  role: 'admin';
  /** The token itself: shown once, never stored. */
  token: string;
  file: string;
}

export interface AccessSetup {
  registry: TokenRegistry;
  file: string;
  firstStart: FirstStartToken | null;
  /** A line for the progress output. */
  summary: string;
}

export const DEFAULT_TOKENS_FILE = 'tokens';

export function defaultTokensFile(dataDir: string): string {
  return join(dataDir, DEFAULT_TOKENS_FILE);
}

export function setUpAccess(
  cfg: Pick<SystemConfig, 'tokensFile' | 'dataDir' | 'role' | 'metricsPublic'>,
  log: Logger,
): AccessSetup {
  const servesApi = cfg.role === 'all' || cfg.role === 'api';
  const configured = Boolean(cfg.tokensFile);
  const file = cfg.tokensFile ?? defaultTokensFile(cfg.dataDir);
  let firstStart: FirstStartToken | null = null;
  if (!existsSync(file)) {
    if (configured)
      throw new ConfigError(
        `PORTWATCH_TOKENS_FILE: ${file} does not exist; make it with: npx portwatch token add --name <who> --role admin --file ${file}`,
      );
    if (servesApi) {
      const { token, entry } = addToken(file, 'admin', 'admin');
      firstStart = { name: entry.name, role: 'admin', token, file };
    }
  } else {
    try {
      readTokens(file);
    } catch (err) {
      throw new ConfigError(`${configured ? 'PORTWATCH_TOKENS_FILE: ' : ''}${(err as Error).message}`);
    }
  }
  const registry = new TokenRegistry(file, log);
  const n = registry.size;
  const metrics = cfg.metricsPublic ? '/metrics is public (PORTWATCH_METRICS_PUBLIC)' : '/metrics needs a token';
  let summary: string;
  if (firstStart) summary = `access: first start, made an admin token (its hash is in ${file}); ${metrics}`;
  else if (!existsSync(file))
    summary = `access: no tokens file (${file}): every endpoint but /api/health is refused; set PORTWATCH_TOKENS_FILE${cfg.metricsPublic ? '' : ' or PORTWATCH_METRICS_PUBLIC=1'}`;
  else if (n === 0)
    summary = `access: ${file} holds no token, nobody can sign in: npx portwatch token add --name <who> --role admin${configured ? ` --file ${file}` : ''}`;
  else summary = `access: ${n} token(s) from ${file}; ${metrics}`;
  return { registry, file, firstStart, summary };
}
