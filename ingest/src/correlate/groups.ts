// Rule groups: a rule's state per mode, zone and group-by values. Groups live in one tree per
// group-by signature (mode → zone → values), whose nodes hold the groups of every rule with that
// signature: a record finds its node once (one map step per level, on strings it already has)
// and each rule's group by index. The key string (mode|zone|values, part of incident ids) is
// built only when a node is made.
import type { Mode, Indicator } from '@portwatch/schema';
import type { AbsenceSpec, AbsenceState } from './absence.ts';
import type { FieldReader } from './compile.ts';
import type { Rule } from './rule.ts';
import type { IncidentSlot } from './suppression.ts';
import type { Window, WindowSpec } from './window.ts';

export interface CompiledRule {
  index: number;
  rule: Rule;
  spec: WindowSpec | null;
  absence: AbsenceSpec | null;
  groupBy: FieldReader[];
  field: FieldReader | null;
  latenessMs: number;
  /** Its live groups, in no order (a group knows its place, for removal in O(1)). */
  groups: Group[];
  /** Index of its group-by signature, and its place among the rules of that signature. */
  signature: number;
  placeInSignature: number;
  /** Absence: the zones an A can come from when its detection names them (B's elsewhere answer nothing). */
  zonesOfA: ReadonlySet<string> | null;
}

export interface Group {
  zoneId: string;
  siteId: string;
  mode: Mode;
  /** Exercise mode: each exercise is a lane of its own (its own groups, its own clock). */
  exerciseId?: string;
  node: GroupNode;
  /** Its place in the rule's groups (-1: dropped). */
  at: number;
  window: Window | null;
  absence: AbsenceState<Group> | null;
  incidentState: IncidentSlot;
}

interface GroupNode {
  /** mode|zone|values, made when first asked for (an incident). */
  key: string | null;
  name: string;
  parent: GroupNode | null;
  children: Map<string, GroupNode> | null;
  /** By the rules' place in the signature. */
  groups: (Group | undefined)[];
  live: number;
}

function node(parent: GroupNode | null, name: string): GroupNode {
  return { key: null, name, parent, children: null, groups: [], live: 0 };
}

/** The lane a record is correlated in: its mode, or `exercise:<id>` for an exercise's. */
export function laneOf(x: { mode: Mode; exerciseId?: string }): string {
  return x.exerciseId === undefined ? x.mode : 'exercise:' + x.exerciseId;
}

/** The group's key: lane|zone|group-by values (part of incident ids). */
export function groupKey(g: Group): string {
  return keyOf(g.node);
}

function keyOf(n: GroupNode): string {
  return (n.key ??= n.parent?.parent ? keyOf(n.parent) + '|' + n.name : n.name);
}

function child(n: GroupNode, name: string): GroupNode {
  let c = n.children?.get(name);
  if (!c) (n.children ??= new Map()).set(name, (c = node(n, name)));
  return c;
}

export class GroupKeys {
  private stamp = 0;
  private readonly roots: GroupNode[] = [];
  private readonly memo: { stamp: number; zone: string; node: GroupNode | null }[] = [];
  /** Live groups of every rule. */
  count = 0;

  constructor(signatures: number) {
    for (let i = 0; i < signatures; i++) {
      this.roots.push(node(null, ''));
      this.memo.push({ stamp: -1, zone: '', node: null });
    }
  }

  /** A new record: nodes memoised for the previous one no longer apply. */
  nextRecord() {
    this.stamp++;
  }

  /** The rule's group for this record in this zone (made if new), or null when a group-by field is missing. */
  group(compiledRule: CompiledRule, ind: Indicator, zone: string): Group | null {
    const memo = this.memo[compiledRule.signature];
    let n: GroupNode | null;
    if (memo.stamp === this.stamp && memo.zone === zone) n = memo.node;
    else {
      n = child(child(this.roots[compiledRule.signature], laneOf(ind)), zone);
      for (const r of compiledRule.groupBy) {
        const v = r.first(ind);
        if (v === undefined) {
          n = null;
          break;
        }
        n = child(n, String(v));
      }
      memo.stamp = this.stamp;
      memo.zone = zone;
      memo.node = n;
    }
    if (!n) return null;
    return n.groups[compiledRule.placeInSignature] ?? this.make(compiledRule, n, zone, ind.siteId, ind);
  }

  /** The rule's group at the same place as `old` (which may have been dropped since). */
  restore(compiledRule: CompiledRule, old: Group): Group {
    const path: string[] = [];
    for (let n: GroupNode | null = old.node; n?.parent; n = n.parent) path.push(n.name);
    let n = this.roots[compiledRule.signature];
    for (let i = path.length - 1; i >= 0; i--) n = child(n, path[i]);
    return n.groups[compiledRule.placeInSignature] ?? this.make(compiledRule, n, old.zoneId, old.siteId, old);
  }

  /** Forgets an idle group, and the nodes left empty by it. */
  drop(compiledRule: CompiledRule, g: Group) {
    const last = compiledRule.groups.pop()!;
    if (last !== g) {
      compiledRule.groups[g.at] = last;
      last.at = g.at;
    }
    g.at = -1;
    // An incident may still name the group (for resolve): its empty buffers need not stay.
    g.window = null;
    g.absence = null;
    let n = g.node;
    if (n.groups[compiledRule.placeInSignature] !== g) return;
    n.groups[compiledRule.placeInSignature] = undefined;
    n.live--;
    this.count--;
    while (n.parent && n.live === 0 && !n.children?.size) {
      n.parent.children!.delete(n.name);
      n = n.parent;
    }
    this.stamp++; // a memoised node may just have been detached
  }

  private make(
    compiledRule: CompiledRule,
    n: GroupNode,
    zoneId: string,
    siteId: string,
    from: { mode: Mode; exerciseId?: string },
  ): Group {
    const g: Group = {
      zoneId,
      siteId,
      mode: from.mode,
      ...(from.exerciseId === undefined ? {} : { exerciseId: from.exerciseId }),
      node: n,
      at: compiledRule.groups.length,
      window: null,
      absence: null,
      incidentState: { quietUntil: -Infinity },
    };
    n.groups[compiledRule.placeInSignature] = g;
    n.live++;
    this.count++;
    compiledRule.groups.push(g);
    return g;
  }
}
