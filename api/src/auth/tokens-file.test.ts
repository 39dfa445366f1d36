import { describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addToken, hashToken, parseTokens, readTokens, removeToken } from './tokens-file.ts';
import { TokenRegistry } from './token-registry.ts';

const tmpFile = () => join(mkdtempSync(join(tmpdir(), 'pw-tokens-')), 'sub', 'tokens');

describe('tokens file', () => {
  it('keeps only the hash of a new token, in a file only its owner can read', () => {
    const file = tmpFile();
    const { token, entry } = addToken(file, 'night-shift', 'operator');
    expect(token).toMatch(/^pw_[A-Za-z0-9_-]{43}$/);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(token);
    expect(text).toContain(`night-shift operator ${hashToken(token)}\n`);
    expect(entry).toEqual({ name: 'night-shift', role: 'operator', hash: hashToken(token) });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readTokens(file)).toEqual([entry]);
  });

  it('refuses a second token with the same name, an unknown role and a bad name, saying what was expected', () => {
    const file = tmpFile();
    addToken(file, 'alice', 'viewer');
    expect(() => addToken(file, 'alice', 'admin')).toThrow(/a token named "alice" exists already/);
    expect(() => addToken(file, 'bob', 'root')).toThrow(
      /role: expected one of viewer, analyst, operator, admin, got "root"/,
    );
    expect(() => addToken(file, 'bob smith', 'viewer')).toThrow(/name: expected 1–64 letters/);
  });

  it('names the file and line of a broken line, and catches a token pasted instead of its hash', () => {
    expect(() => parseTokens('# ok\nalice viewer\n', 'tokens')).toThrow(
      'tokens:2: expected "<name> <role> <sha256-hex-of-token>", got 2 field(s)',
    );
    expect(() => parseTokens(`alice viewer pw_abcdef\n`, 'tokens')).toThrow(
      /tokens:1: expected the token's sha256 as 64 lowercase hex digits, not the token itself/,
    );
    expect(() => parseTokens(`a viewer ${'0'.repeat(64)}\na admin ${'1'.repeat(64)}\n`, 't')).toThrow(
      /t:2: the name "a" is used twice/,
    );
  });

  it('revokes a token by name', () => {
    const file = tmpFile();
    const { token } = addToken(file, 'alice', 'viewer');
    addToken(file, 'bob', 'admin');
    const tokens = new TokenRegistry(file);
    expect(tokens.verify(token)?.name).toBe('alice');
    expect(removeToken(file, 'alice')).toBe(true);
    expect(removeToken(file, 'alice')).toBe(false);
    expect(readTokens(file).map((e) => e.name)).toEqual(['bob']);
    expect(tokens.verify(token)).toBeNull();
  });

  it('keeps the tokens read before when the file is broken by an edit', () => {
    const file = tmpFile();
    const { token } = addToken(file, 'alice', 'viewer');
    const tokens = new TokenRegistry(file);
    const alice = tokens.verify(token)!;
    appendFileSync(file, 'this is not a token line\n');
    expect(tokens.stillValid(alice)).toBe(true);
    expect(tokens.problem).toMatch(/tokens:5: expected "<name> <role> <sha256-hex-of-token>"/);
  });
});
