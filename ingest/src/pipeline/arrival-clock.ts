// The pipeline's arrival times, as a Date for decoders and as ISO text for indicators and
// dead letters.

/**
 * Arrival times as a Date and as ISO text, kept for the last millisecond seen: records
 * arrive in bursts within one millisecond, and formatting a date per record is not free.
 */
export class ArrivalClock {
  private ms = NaN;
  private asDate = new Date(NaN);
  private asIso: string | null = null;

  date(ms: number): Date {
    if (ms !== this.ms) this.set(ms);
    return this.asDate;
  }

  iso(ms: number): string {
    if (ms !== this.ms) this.set(ms);
    return (this.asIso ??= this.asDate.toISOString());
  }

  private set(ms: number): void {
    this.ms = ms;
    this.asDate = new Date(ms);
    this.asIso = null;
  }
}
