// The workspaces import in one direction only, no files import each other round a circle, and
// each workspace's package.json lists what it imports. A failure names the file and the import.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importCycles, importEdges, readWorkspaces } from './import-graph.ts';
import { ORDER, layerViolations, undeclaredImports } from './layers.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const workspaces = readWorkspaces(ROOT);
const edges = importEdges(ROOT, workspaces);

describe('the import order', () => {
  it('reads the imports of every workspace', () => {
    // A parser that found nothing would pass every check below.
    expect(edges.length).toBeGreaterThan(500);
    for (const ws of ['schema', 'ingest', 'simulators', 'api', 'system', 'bench', 'bin', 'web', 'test'])
      expect(edges.some((e) => e.from.startsWith(`${ws}/`))).toBe(true);
  });

  it(`follows ${ORDER}`, () => {
    expect(layerViolations(edges)).toEqual([]);
  });

  it('has no import circle between files', () => {
    expect(importCycles(edges).map((c) => c.join(' ↔ '))).toEqual([]);
  });

  it("lists every imported package in the importing workspace's package.json", () => {
    const root = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'));
    const tooling = new Set([...Object.keys(root.devDependencies ?? {}), ...Object.keys(root.dependencies ?? {})]);
    const declared = new Map([...workspaces.values()].map((w) => [w.dir, w.declared]));
    expect(undeclaredImports(edges, declared, tooling)).toEqual([]);
  });

  it('keeps api free of simulators, in its imports and its package.json', () => {
    expect(edges.filter((e) => e.from.startsWith('api/') && e.workspace === 'simulators')).toEqual([]);
    expect(workspaces.get('api')!.declared.has('@portwatch/simulators')).toBe(false);
  });
});
