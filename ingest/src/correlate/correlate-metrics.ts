// Correlation's counters in the Prometheus text format (the worker's /metrics).
export interface CorrelateCounters {
  indicators: number;
  incidents: number;
  late: number;
  findings: number;
  rebuilds: number;
}

export function correlateMetrics(c: CorrelateCounters): string[] {
  const counter = (name: string, help: string, value: number) => [
    `# HELP portwatch_correlate_${name}_total ${help}`,
    `# TYPE portwatch_correlate_${name}_total counter`,
    `portwatch_correlate_${name}_total ${value}`,
  ];
  return [
    ...counter('indicators', 'Indicators run through correlation.', c.indicators),
    ...counter('incidents', 'Incident raises and updates published.', c.incidents),
    ...counter('late', 'Indicators that arrived later than the allowed lateness.', c.late),
    ...counter('findings', 'Indicators passed on to the site stage (rules spanning zones).', c.findings),
    ...counter('rebuilds', 'State rebuilds after a partition assignment.', c.rebuilds),
  ];
}
