// The tokens file: one line per access token, `<name> <role> <sha256-hex-of-token>`. Only
// the hash is kept, so the file holds no secret; the token itself is shown once, when made.
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, appendFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ACCESS_ROLES, isAccessRole, type AccessRole } from './roles.ts';

export interface TokenEntry {
  name: string;
  role: AccessRole;
  /** sha256 of the token, 64 lowercase hex digits. */
  hash: string;
}

export class TokenFileError extends Error {}

/** A recognisable prefix, so secret scanners and people can tell a Portwatch token. */
export const TOKEN_PREFIX = 'pw_';
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const HASH = /^[0-9a-f]{64}$/;

/** 256 random bits: guessing one is hopeless, so tokens need no expiry to be safe against that. */
export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function checkTokenName(name: string): string {
  if (!NAME.test(name))
    throw new TokenFileError(
      `name: expected 1–64 letters, digits, ".", "_", "@" or "-" (starting with a letter or digit), got ${JSON.stringify(name)}`,
    );
  return name;
}

export function checkRole(role: string): AccessRole {
  if (!isAccessRole(role))
    throw new TokenFileError(`role: expected one of ${ACCESS_ROLES.join(', ')}, got ${JSON.stringify(role)}`);
  return role;
}

/** Blank lines and `#` comments are allowed; anything else that is not a token line is an error naming the line. */
export function parseTokens(text: string, file: string): TokenEntry[] {
  const entries: TokenEntry[] = [];
  const names = new Set<string>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const where = `${file}:${i + 1}`;
    const parts = line.split(/\s+/);
    if (parts.length !== 3)
      throw new TokenFileError(
        `${where}: expected "<name> <role> <sha256-hex-of-token>", got ${parts.length} field(s)`,
      );
    const [name, role, hash] = parts;
    try {
      checkTokenName(name);
      checkRole(role);
    } catch (err) {
      throw new TokenFileError(`${where}: ${(err as Error).message}`);
    }
    if (!HASH.test(hash))
      throw new TokenFileError(
        `${where}: expected the token's sha256 as 64 lowercase hex digits, not the token itself`,
      );
    if (names.has(name))
      throw new TokenFileError(
        `${where}: the name "${name}" is used twice; each token needs its own name (it is what the audit trail shows)`,
      );
    names.add(name);
    entries.push({ name, role: role as AccessRole, hash });
  });
  return entries;
}

export function readTokens(file: string): TokenEntry[] {
  return parseTokens(readFileSync(file, 'utf8'), file);
}

const HEADER = `# Portwatch access tokens: <name> <role> <sha256-hex-of-token>, one a line.
# Roles: ${ACCESS_ROLES.join(', ')}. Add one: npx portwatch token add --name <who> --role <role>
# Delete a line to revoke that token; the server stops accepting it at once.
`;

/** Creates the file (mode 0600, its folder 0700 if new) when it does not exist yet. */
function ensureFile(file: string): void {
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, HEADER, { mode: 0o600, flag: 'wx' });
}

/** Makes a token, appends its hash line and returns the token: the only time it is seen. */
export function addToken(file: string, name: string, role: string): { token: string; entry: TokenEntry } {
  const entry: TokenEntry = { name: checkTokenName(name), role: checkRole(role), hash: '' };
  ensureFile(file);
  const existing = readTokens(file);
  if (existing.some((e) => e.name === name))
    throw new TokenFileError(
      `${file}: a token named "${name}" exists already; pick another name, or remove it first (portwatch token remove --name ${name})`,
    );
  const token = newToken();
  entry.hash = hashToken(token);
  const text = readFileSync(file, 'utf8');
  appendFileSync(file, `${text.length && !text.endsWith('\n') ? '\n' : ''}${entry.name} ${entry.role} ${entry.hash}\n`);
  // A file made by hand may be readable by others; hashes are not secrets, but keep it private.
  chmodSync(file, 0o600);
  return { token, entry };
}

/** Removes a token by name; returns false when there was none. Written to a new file and renamed, so readers never see half a file. */
export function removeToken(file: string, name: string): boolean {
  const lines = readFileSync(file, 'utf8').split('\n');
  readTokens(file); // refuse to rewrite a file that does not parse
  const kept = lines.filter((l) => l.trim().split(/\s+/)[0] !== name || l.trim().startsWith('#'));
  if (kept.length === lines.length) return false;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, kept.join('\n'), { mode: 0o600 });
  renameSync(tmp, file);
  return true;
}
