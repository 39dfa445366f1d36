// The tokens the server accepts, read from the tokens file and re-read when it changes, so
// a token added with `portwatch token add` works at once and a deleted line revokes its
// token at once. Each check stats the file (microseconds); it is read only when it changed.
import { statSync } from 'node:fs';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from '@portwatch/ingest';
import type { Principal } from './roles.ts';
import { readTokens, type TokenEntry } from './tokens-file.ts';

/** Longer than any token we make; a longer header value is not worth hashing. */
const MAX_TOKEN_CHARS = 512;

interface Loaded {
  entry: TokenEntry;
  hash: Buffer;
}

export class TokenRegistry {
  private loaded: Loaded[] = [];
  private stamp = '';
  /** Why the file on disk is not the one in use (it does not parse); null when it is. */
  problem: string | null = null;

  /** `file` null: no tokens at all, every protected endpoint is refused. */
  constructor(
    readonly file: string | null,
    private log?: Logger,
  ) {
    this.refresh();
  }

  get size(): number {
    this.refresh();
    return this.loaded.length;
  }

  /** The principal a token stands for, or null. Every stored hash is compared, in constant time. */
  verify(token: string): Principal | null {
    if (!token || token.length > MAX_TOKEN_CHARS) return null;
    const presented = createHash('sha256').update(token, 'utf8').digest();
    this.refresh();
    const found = this.match(presented);
    return found ? { name: found.name, role: found.role, key: found.hash } : null;
  }

  /** Whether the token behind a principal is still in the file with the same role (for live connections). */
  stillValid(p: Principal): boolean {
    this.refresh();
    return this.loaded.some((l) => l.entry.hash === p.key && l.entry.role === p.role && l.entry.name === p.name);
  }

  private match(presented: Buffer): TokenEntry | null {
    let found: TokenEntry | null = null;
    for (const l of this.loaded) if (timingSafeEqual(presented, l.hash) && !found) found = l.entry;
    return found;
  }

  /** Re-reads the file when it changed. */
  private refresh(): void {
    if (!this.file) return;
    let stamp: string;
    try {
      const s = statSync(this.file);
      stamp = `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      stamp = 'missing';
    }
    if (stamp === this.stamp) return;
    this.stamp = stamp;
    if (stamp === 'missing') {
      // No file, no tokens: deleting the file revokes everything.
      if (this.loaded.length) this.log?.warn('tokens file is gone: every token is refused', { file: this.file });
      this.loaded = [];
      this.problem = `${this.file} does not exist`;
      return;
    }
    try {
      this.loaded = readTokens(this.file).map((entry) => ({ entry, hash: Buffer.from(entry.hash, 'hex') }));
      this.problem = null;
    } catch (err) {
      // Like feeds.yaml: a broken edit is reported and the tokens read before stay in use.
      this.problem = (err as Error).message;
      this.log?.error('tokens file not applied; the tokens read before stay in use', {
        file: this.file,
        problem: this.problem,
      });
    }
  }
}
