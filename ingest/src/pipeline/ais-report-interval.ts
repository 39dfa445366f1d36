// How often an AIS set reports its position: the AIS tracker calls a vessel dark only after
// many of these intervals of silence.

/** Nominal reporting interval of ITU-R M.1371 (without the course-change speed-ups). */
export function expectedReportIntervalMs(
  sog: number | null,
  aisClass: 'A' | 'B' = 'A',
  navStatus: number | null = null,
): number {
  if (aisClass === 'B') return 30_000;
  const speed = sog ?? 0;
  if ((navStatus === 1 || navStatus === 5) && speed <= 3) return 180_000; // at anchor or moored
  if (speed > 23) return 2_000;
  if (speed > 14) return 6_000;
  return 10_000;
}
