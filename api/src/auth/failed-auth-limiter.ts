// Failed sign-ins per client address: after `max` in a window, that address is refused
// (429) until the window ends. Tokens are too long to guess; this keeps a misconfigured
// script or a scan from flooding the audit trail and the logs.
export interface LimiterOptions {
  max?: number;
  windowMs?: number;
  /** Addresses remembered at most; the oldest windows are dropped first. */
  maxAddresses?: number;
  now?: () => number;
}

interface Window {
  start: number;
  failures: number;
  /** Whether the refusal of this window was already written to the audit trail. */
  reported: boolean;
}

export class FailedAuthLimiter {
  readonly max: number;
  readonly windowMs: number;
  private readonly maxAddresses: number;
  private readonly now: () => number;
  private windows = new Map<string, Window>();

  constructor(opts: LimiterOptions = {}) {
    this.max = opts.max ?? 20;
    this.windowMs = opts.windowMs ?? 60_000;
    this.maxAddresses = opts.maxAddresses ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  /** Seconds until this address may try again; 0 when it may now. */
  retryAfterS(address: string): number {
    const w = this.current(address);
    if (!w || w.failures < this.max) return 0;
    return Math.max(1, Math.ceil((w.start + this.windowMs - this.now()) / 1000));
  }

  /** True the first time a blocked address is refused in its window (that one refusal is audited). */
  firstRefusal(address: string): boolean {
    const w = this.current(address);
    if (!w || w.reported) return false;
    w.reported = true;
    return true;
  }

  fail(address: string): void {
    let w = this.current(address);
    if (!w) {
      if (this.windows.size >= this.maxAddresses) this.prune();
      w = { start: this.now(), failures: 0, reported: false };
      this.windows.set(address, w);
    }
    w.failures += 1;
  }

  private current(address: string): Window | null {
    const w = this.windows.get(address);
    if (!w) return null;
    if (this.now() - w.start >= this.windowMs) {
      this.windows.delete(address);
      return null;
    }
    return w;
  }

  private prune(): void {
    const t = this.now();
    for (const [a, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(a);
    // Still full: forget the oldest (insertion order is start order).
    for (const a of this.windows.keys()) {
      if (this.windows.size < this.maxAddresses) break;
      this.windows.delete(a);
    }
  }
}
