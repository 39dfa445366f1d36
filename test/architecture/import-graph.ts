// The repository's import graph, read from the source: every static `import`/`export … from`
// and literal dynamic `import('…')` of every .ts/.vue/.js file, each resolved to a file and a
// workspace. The layer and cycle checks (layers.test.ts) run on it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface ImportEdge {
  /** Importing file, relative to the root (forward slashes). */
  from: string;
  specifier: string;
  /** The workspace imported, or null for an external package or a Node builtin. */
  workspace: string | null;
  /** The file imported inside the repository, when it resolves to one. */
  file: string | null;
  /** The npm package name, for a bare specifier. */
  packageName: string | null;
}

const SKIP_DIRS = new Set(['node_modules', 'dist', 'testdata', '.git']);
const SOURCE = /\.(ts|vue|js|mjs)$/;

/** Source files of a workspace folder, relative to the root. */
export function sourceFiles(root: string, workspace: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (SKIP_DIRS.has(name)) continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(toPosix(relative(root, full)));
    }
  };
  walk(join(root, workspace));
  return out.sort();
}

/** The module specifiers a source text imports (comments are ignored). */
export function importSpecifiers(text: string): string[] {
  // Block comments, and line comments that start a line or follow code after whitespace
  // (not `//` inside a string such as a URL).
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
  const found: string[] = [];
  const patterns = [
    // import … from '…' and export … from '…', the list possibly over several lines
    /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"\n]+)['"]/gm,
    // import '…' (for its side effects)
    /^\s*import\s*['"]([^'"\n]+)['"]/gm,
    // import('…')
    /\bimport\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.push(m[1]);
  return found;
}

interface Workspace {
  dir: string;
  name: string;
  exports: Record<string, string>;
  declared: Set<string>;
}

export function readWorkspaces(root: string): Map<string, Workspace> {
  const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const out = new Map<string, Workspace>();
  for (const dir of rootPkg.workspaces as string[]) {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const exportsField = typeof pkg.exports === 'string' ? { '.': pkg.exports } : (pkg.exports ?? {});
    out.set(dir, {
      dir,
      name: pkg.name,
      exports: exportsField,
      declared: new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]),
    });
  }
  return out;
}

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

function resolveFile(root: string, abs: string): string | null {
  const candidates = [abs, `${abs}.ts`, join(abs, 'index.ts'), join(abs, 'index.js')];
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return toPosix(relative(root, c));
  return null;
}

function packageNameOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every import of every workspace's source files, resolved. */
export function importEdges(root: string, workspaces = readWorkspaces(root)): ImportEdge[] {
  const byName = new Map([...workspaces.values()].map((w) => [w.name, w]));
  const workspaceOfPath = (file: string) => file.split('/')[0];
  const edges: ImportEdge[] = [];
  for (const ws of workspaces.keys())
    for (const from of sourceFiles(root, ws)) {
      const text = readFileSync(join(root, from), 'utf8');
      for (const specifier of importSpecifiers(text)) {
        if (specifier.startsWith('.')) {
          const file = resolveFile(root, resolve(root, dirname(from), specifier));
          const target = toPosix(relative(root, resolve(root, dirname(from), specifier)));
          edges.push({ from, specifier, workspace: workspaceOfPath(target), file, packageName: null });
          continue;
        }
        if (specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0])) continue;
        const packageName = packageNameOf(specifier);
        const target = byName.get(packageName);
        if (!target) {
          edges.push({ from, specifier, workspace: null, file: null, packageName });
          continue;
        }
        const sub = '.' + specifier.slice(packageName.length);
        const exported = target.exports[sub];
        const file = exported ? resolveFile(root, resolve(root, target.dir, exported)) : null;
        edges.push({ from, specifier, workspace: target.dir, file, packageName });
      }
    }
  return edges;
}

/** Groups of files that import each other (directly or round a circle), each sorted. */
export function importCycles(edges: ImportEdge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!e.file) continue;
    if (!graph.has(e.from)) graph.set(e.from, new Set());
    graph.get(e.from)!.add(e.file);
  }
  // Tarjan's strongly connected components, iterative so a long chain cannot overflow the stack.
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: [string, Iterator<string>][] = [];
    const enter = (v: string) => {
      index.set(v, next);
      low.set(v, next++);
      stack.push(v);
      onStack.add(v);
      work.push([v, (graph.get(v) ?? new Set<string>()).values()]);
    };
    enter(start);
    while (work.length) {
      const [v, it] = work[work.length - 1];
      const step = it.next();
      if (!step.done) {
        const w = step.value;
        if (!index.has(w)) enter(w);
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        const group: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          group.push(w);
        } while (w !== v);
        if (group.length > 1 || graph.get(v)?.has(v)) cycles.push(group.sort());
      }
    }
  }
  return cycles;
}
