// The engine's rules as it runs them (engine.ts): each enabled rule with its window or absence
// spec, its field readers, its lateness and the group-by signature it shares with other rules
// (groups.ts). Its detections are compiled into one index apart (compile.ts).
import { detectionZones, fieldReader } from './compile.ts';
import type { CompiledRule } from './groups.ts';
import type { Rule } from './rule.ts';

/** The rules compiled, and how many group-by signatures they have between them. */
export function compileRules(rules: Rule[], defaultLatenessMs: number): { rules: CompiledRule[]; signatures: number } {
  const signatures = [...new Set(rules.map((r) => r.correlation.groupBy.join('\u0000')))];
  const rulesPerSignature = signatures.map(() => 0);
  const compiled = rules.map((rule, index): CompiledRule => {
    const correlation = rule.correlation;
    const signature = signatures.indexOf(correlation.groupBy.join('\u0000'));
    const zoned = correlation.type === 'absence' && !correlation.acrossZones && !correlation.throughAssets;
    return {
      index,
      rule,
      spec:
        correlation.type === 'absence'
          ? null
          : {
              type: correlation.type,
              spanMs: correlation.timespanMs,
              detectionCount: correlation.rules.length,
              gte: correlation.gte ?? 1,
              watermark: -Infinity,
            },
      absence:
        correlation.type === 'absence'
          ? { spanMs: correlation.timespanMs, preceded: correlation.direction === 'preceded', watermark: -Infinity }
          : null,
      groupBy: correlation.groupBy.map(fieldReader),
      field: correlation.field ? fieldReader(correlation.field) : null,
      latenessMs: rule.latenessMs ?? defaultLatenessMs,
      groups: [],
      signature,
      placeInSignature: rulesPerSignature[signature]++,
      zonesOfA: zoned ? detectionZones(rule.detections[correlation.rules[0]]) : null,
    };
  });
  return { rules: compiled, signatures: signatures.length };
}
