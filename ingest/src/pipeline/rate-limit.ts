// A token bucket per feed: a misbehaving sensor cannot flood the pipeline.
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSec: number,
    private readonly burst = Math.max(ratePerSec, 1),
    now = Date.now(),
  ) {
    this.tokens = this.burst;
    this.last = now;
  }

  take(now = Date.now()): boolean {
    const elapsed = (now - this.last) / 1000;
    if (elapsed > 0) {
      this.tokens = Math.min(this.burst, this.tokens + elapsed * this.ratePerSec);
      this.last = now;
    }
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
