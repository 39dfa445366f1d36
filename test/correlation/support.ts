// Indicators and rules for correlation tests: real field names, minimal noise.

export { T0, at, MIN, rules, ind } from '@portwatch/ingest/testing';

/** A rule in YAML from its parts. */
export function rule(id: string, correlation: string, detections: string, extra = ''): string {
  return `id: ${id}\ntitle: "${id} in {zone}"\nseverity: high\ndetections:\n${detections}\ncorrelation:\n${correlation}\n${extra}`;
}
