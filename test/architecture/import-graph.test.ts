// The checks themselves: they must see the imports a file really has and catch what breaks
// the order, or the repository-wide test above proves nothing.
import { describe, expect, it } from 'vitest';
import { importCycles, importSpecifiers, type ImportEdge } from './import-graph.ts';
import { forbiddenImport, layerViolations } from './layers.ts';

const edge = (from: string, file: string): ImportEdge => ({
  from,
  specifier: `./${file}`,
  workspace: file.split('/')[0],
  file,
  packageName: null,
});

describe('reading imports', () => {
  it('finds static, re-exported, side-effect and dynamic imports, but not ones in comments', () => {
    const text = [
      "import { a } from '@portwatch/schema';",
      'import type {',
      '  B,',
      "} from '../b.ts';",
      "export * from './c.ts';",
      "import 'tsx/esm/api';",
      "const d = await import('./d.ts');",
      "// import { e } from './e.ts';",
      "/* export * from './f.ts'; */",
      "const url = 'http://example.org/x'; // from './g.ts'",
    ].join('\n');
    expect(importSpecifiers(text).sort()).toEqual(['../b.ts', './c.ts', './d.ts', '@portwatch/schema', 'tsx/esm/api']);
  });
});

describe('the order', () => {
  it('refuses an upward import, naming the file and the import', () => {
    expect(layerViolations([edge('api/src/x.ts', 'system/src/start-system.ts')])).toEqual([
      "api/src/x.ts imports './system/src/start-system.ts' (system): system is above api",
    ]);
  });

  it('keeps ingest and simulators apart, web on schema, and bin out of src and test', () => {
    expect(forbiddenImport('simulators', 'ingest')).toMatch(/side by side/);
    expect(forbiddenImport('ingest', 'simulators')).toMatch(/side by side/);
    expect(forbiddenImport('web', 'api')).toBe('web imports schema only');
    expect(forbiddenImport('web', 'schema')).toBeNull();
    expect(forbiddenImport('ingest', 'bin')).toBe('bin is above ingest');
    expect(forbiddenImport('test', 'bin')).toBe('test may not import bin');
    expect(forbiddenImport('test', 'api')).toBeNull();
    expect(forbiddenImport('bin', 'system')).toBeNull();
  });
});

describe('import circles', () => {
  it('reports every file of a circle, and nothing for a chain', () => {
    const cycles = importCycles([
      edge('ingest/src/a.ts', 'ingest/src/b.ts'),
      edge('ingest/src/b.ts', 'ingest/src/c.ts'),
      edge('ingest/src/c.ts', 'ingest/src/a.ts'),
      edge('ingest/src/c.ts', 'ingest/src/d.ts'),
    ]);
    expect(cycles).toEqual([['ingest/src/a.ts', 'ingest/src/b.ts', 'ingest/src/c.ts']]);
    expect(importCycles([edge('api/src/a.ts', 'api/src/b.ts')])).toEqual([]);
  });
});
