// Scenario steps give times as Date, ISO text or epoch milliseconds; encoders accept all three.
export type EventTime = Date | string | number;

export function toDate(time: EventTime): Date {
  const date = time instanceof Date ? time : new Date(time);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a valid event time: ${String(time)}`);
  return date;
}

/** ISO-8601 UTC with milliseconds, as most JSON devices write it. */
export function isoTime(time: EventTime): string {
  return toDate(time).toISOString();
}
