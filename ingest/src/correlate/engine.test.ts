import { describe, it, expect } from 'vitest';
import type { Indicator } from '@portwatch/schema';
import { CorrelationEngine } from './engine.ts';
import { parseRules } from './load-rules.ts';
import { at, ind, rules, T0, HYBRID_RULE } from '../testing/correlation-fixtures.ts';

describe('temporal correlation', () => {
  it('raises one incident when a physical and a cyber indicator meet in a zone within the timespan', () => {
    const e = new CorrelationEngine(rules(HYBRID_RULE), { zoneNames: { 'gate-north': 'North gate' } });
    expect(e.process(ind({ time: at(0), domain: 'cyber', type: 'ids.alert' }))).toEqual([]);
    const out = e.process(ind({ time: at(5 * 60_000) }));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      ruleId: 'hybrid-zone-activity',
      zoneId: 'gate-north',
      severity: 4,
      status: 'new',
      domains: ['physical', 'cyber'],
      title: 'Hybrid activity in North gate',
    });
    expect(out[0].indicatorIds).toHaveLength(2);
  });

  it('fires exactly at the timespan and not one millisecond past it', () => {
    const a = new CorrelationEngine(rules(HYBRID_RULE));
    a.process(ind({ time: at(0), domain: 'cyber' }));
    expect(a.process(ind({ time: at(10 * 60_000) }))).toHaveLength(1);
    const b = new CorrelationEngine(rules(HYBRID_RULE));
    b.process(ind({ time: at(0), domain: 'cyber' }));
    expect(b.process(ind({ time: at(10 * 60_000 + 1) }))).toHaveLength(0);
  });

  it('does not correlate across zones or across live and exercise', () => {
    const e = new CorrelationEngine(rules(HYBRID_RULE));
    e.process(ind({ time: at(0), domain: 'cyber', zoneId: 'data-centre' }));
    expect(e.process(ind({ time: at(1000) }))).toHaveLength(0);
    e.process(ind({ time: at(2000), domain: 'cyber', mode: 'exercise' }));
    expect(e.process(ind({ time: at(3000) }))).toHaveLength(0);
  });

  it('ignores low-severity noise', () => {
    const e = new CorrelationEngine(rules(HYBRID_RULE));
    e.process(ind({ time: at(0), domain: 'cyber', severity: 2 }));
    expect(e.process(ind({ time: at(1000) }))).toHaveLength(0);
  });

  it('handles out-of-order arrival: the later event first', () => {
    const e = new CorrelationEngine(rules(HYBRID_RULE));
    e.process(ind({ time: at(8 * 60_000) }));
    expect(e.process(ind({ time: at(60_000), domain: 'cyber' }))).toHaveLength(1);
  });

  it('updates the open incident instead of raising a flood, and gives the same id on replay', () => {
    const run = () => {
      const e = new CorrelationEngine(rules(HYBRID_RULE));
      const ids: string[] = [];
      const stream = [
        ind({ id: 'a', time: at(0), domain: 'cyber' }),
        ind({ id: 'b', time: at(60_000) }),
        ind({ id: 'c', time: at(120_000) }),
        ind({ id: 'd', time: at(180_000), domain: 'cyber' }),
      ];
      for (const x of stream) for (const inc of e.process(x)) ids.push(inc.id);
      return ids;
    };
    const first = run();
    expect(new Set(first).size).toBe(1);
    expect(first.length).toBe(3);
    expect(run()).toEqual(first);
  });

  it('ignores a redelivered indicator', () => {
    const e = new CorrelationEngine(rules(HYBRID_RULE));
    const c = ind({ time: at(0), domain: 'cyber' });
    e.process(c);
    expect(e.process(ind({ time: at(1000) }))).toHaveLength(1);
    expect(e.process(c)).toHaveLength(0);
  });
});

const CLONED_BADGE = `
id: cloned-badge
title: "Badge used in two zones"
severity: high
detections:
  granted: { type: access.granted, observables.badge: { exists: true } }
correlation:
  type: value_count
  rules: [granted]
  field: zoneId
  gte: 2
  group-by: [observables.badge]
  across-zones: true
  timespan: 10s
suppress: 30m
`;

describe('memory follows the live windows', () => {
  it('drops the groups of badges seen once when their window has passed, even when every record makes a new group', () => {
    // Each read a badge of its own, 10 ms apart: only the last 10 s + 1 s lateness can still
    // correlate (1,100 reads). The sweep once waited for more records than there were groups,
    // which never happened here: 50,000 groups, all kept.
    const e = new CorrelationEngine(rules(CLONED_BADGE), { allowedLatenessMs: 1000 });
    let most = 0;
    for (let k = 0; k < 50_000; k++) {
      e.process(
        ind({
          time: at(k * 10),
          type: 'access.granted',
          severity: 1,
          observables: [{ type: 'badge', value: `B-${k}` }],
        }),
      );
      most = Math.max(most, e.windowStats().groups);
    }
    // Swept at most every 4,096 records plus the groups left by the last sweep.
    expect(most).toBeLessThan(2 * 1100 + 4096 + 10);
    expect(e.windowStats().groups).toBeGreaterThanOrEqual(1100);
  });
});

describe('propagation through the asset graph', () => {
  it('lists the zones a compromised asset controls as affected', () => {
    const e = new CorrelationEngine(rules(HYBRID_RULE), {
      assets: [
        { id: 'gate-control-srv', zoneId: 'data-centre', controls: ['gate-north'], dependsOn: [] },
        { id: 'gate-barrier-plc', zoneId: 'gate-north', controls: [], dependsOn: ['gate-control-srv'] },
      ],
    });
    e.process(ind({ time: at(0), domain: 'cyber', zoneId: 'data-centre', assetId: 'gate-control-srv' }));
    const [inc] = e.process(ind({ time: at(1000), zoneId: 'data-centre' }));
    expect(inc.affectedZones).toEqual(['data-centre', 'gate-north']);
  });
});

describe('rule validation', () => {
  it('names the file, the rule and the key', () => {
    const problems: string[] = [];
    parseRules(
      HYBRID_RULE.replace('timespan: 10m', 'timespan: ten minutes').replace(
        'rules: [physical, cyber]',
        'rules: [physical, network]',
      ),
      'rules/hybrid.yaml',
      problems,
    );
    expect(problems).toContain(
      'rules/hybrid.yaml: rule hybrid-zone-activity: correlation.timespan: expected a duration like 90s, 10m, 2h',
    );
    expect(problems.some((p) => p.includes('correlation.rules: "network" is not one of the detections'))).toBe(true);
  });

  it('takes only its own severity words, not names every object has', () => {
    for (const word of ['toString', 'constructor']) {
      const problems: string[] = [];
      const rules = parseRules(
        HYBRID_RULE.replace('severity: high', `severity: ${word}`),
        'rules/hybrid.yaml',
        problems,
      );
      expect(rules).toEqual([]);
      expect(problems).toContain(
        'rules/hybrid.yaml: rule hybrid-zone-activity: severity: expected 0–5 or informational|low|medium|high|critical',
      );
    }
  });
});
