// Rule groups: a rule's state per mode, zone and group-by values. Rules with the same group-by
// share the key string for a record, built once — and its hash, cached by the engine, serves
// every map lookup after the first.
import type { Mode, Indicator } from '@portwatch/schema';
import type { AbsenceState } from './absence.ts';
import type { FieldReader } from './compile.ts';
import type { Rule } from './rule.ts';
import type { IncidentSlot } from './suppression.ts';
import type { Window, WindowSpec } from './window.ts';

export interface CompiledRule {
  index: number;
  rule: Rule;
  spec: WindowSpec | null;
  groupBy: FieldReader[];
  field: FieldReader | null;
  latenessMs: number;
  groups: Map<string, Group>;
  /** Index of its group-by signature, for the key memo. */
  sig: number;
}

export interface Group {
  key: string;
  zoneId: string;
  siteId: string;
  mode: Mode;
  window: Window | null;
  absence: AbsenceState | null;
  slot: IncidentSlot;
}

export class GroupKeys {
  private stamp = 0;
  private readonly memo: { stamp: number; zone: string; key: string }[] = [];

  constructor(signatures: number) {
    for (let i = 0; i < signatures; i++) this.memo.push({ stamp: -1, zone: '', key: '' });
  }

  /** A new record: keys memoised for the previous one no longer apply. */
  nextRecord() {
    this.stamp++;
  }

  group(cr: CompiledRule, ind: Indicator, zone: string): Group | null {
    // Rules with the same group-by share the key string for this record: built once, and its
    // hash is cached by the engine for every map lookup after the first.
    const memo = this.memo[cr.sig];
    let key: string;
    if (memo.stamp === this.stamp && memo.zone === zone) key = memo.key;
    else {
      key = ind.mode + '|' + zone;
      for (const r of cr.groupBy) {
        const v = r.first(ind);
        if (v === undefined) return null;
        key += '|' + String(v);
      }
      memo.stamp = this.stamp;
      memo.zone = zone;
      memo.key = key;
    }
    let g = cr.groups.get(key);
    if (!g) {
      g = { key, zoneId: zone, siteId: ind.siteId, mode: ind.mode, window: null, absence: null, slot: { quietUntil: -Infinity } };
      cr.groups.set(key, g);
    }
    return g;
  }
}
