// The import order of the workspaces (issue 12): each may import only those below it.
//
//   schema ← dashboards ← ingest / simulators ← api ← system ← bench ← bin
//
// ingest and simulators sit side by side and do not import each other; web imports schema
// only; test may import anything but bin and bench, and bench (the benchmarks) may use test's
// broker launchers and records besides everything below it.
import type { ImportEdge } from './import-graph.ts';

const RANK: Record<string, number> = {
  schema: 0,
  dashboards: 1,
  ingest: 2,
  simulators: 2,
  api: 3,
  system: 4,
  bench: 5,
  bin: 6,
};

export const ORDER = 'schema ← dashboards ← ingest / simulators ← api ← system ← bench ← bin; web → schema only';

/** Why `from` may not import `to`, or null when it may. */
export function forbiddenImport(from: string, to: string): string | null {
  if (from === to) return null;
  if (from === 'test') return to === 'bin' || to === 'bench' ? `test may not import ${to}` : null;
  if (from === 'web') return to === 'schema' ? null : 'web imports schema only';
  if (!(from in RANK)) return `${from} is not in the import order`;
  if (from === 'bench' && to === 'test') return null;
  if (!(to in RANK)) return `${to} may be imported by nothing in ${from}`;
  if (RANK[to] === RANK[from]) return `${from} and ${to} sit side by side and may not import each other`;
  if (RANK[to] > RANK[from]) return `${to} is above ${from}`;
  return null;
}

/** One line per import that breaks the order, naming the file and the import. */
export function layerViolations(edges: ImportEdge[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    if (e.workspace === null) continue;
    const from = e.from.split('/')[0];
    const why = forbiddenImport(from, e.workspace);
    if (why) out.push(`${e.from} imports '${e.specifier}' (${e.workspace}): ${why}`);
  }
  return out;
}

/** Files that test or measure; they may use the root's shared tooling (vitest, fast-check). */
export const isTestFile = (file: string) =>
  /^(test|bench)\//.test(file) || /\/src\/testing\//.test(file) || /\.(test|case|bench)\.ts$/.test(file);

/** One line per package imported but not listed in the importing workspace's package.json. */
export function undeclaredImports(
  edges: ImportEdge[],
  declared: Map<string, Set<string>>,
  rootTooling: Set<string>,
): string[] {
  const out = new Set<string>();
  for (const e of edges) {
    if (e.packageName === null) continue;
    const ws = e.from.split('/')[0];
    if (declared.get(ws)?.has(e.packageName)) continue;
    if (isTestFile(e.from) && rootTooling.has(e.packageName)) continue;
    out.add(`${ws}/package.json does not list '${e.packageName}' (imported by ${e.from})`);
  }
  return [...out];
}
