// Enforces the layer rules written at the top of ./import-graph.ts; a failure names the breaking edge.
import { describe, expect, it } from 'vitest';
import { buildGraph, checkLayers, type Edge, findCycles, listTs, parseImports } from './import-graph.js';

describe('import graph of src/', () => {
  const files = listTs('src');
  const { edges, problems } = buildGraph(files);

  it('parses every relative import into a resolvable edge', () => {
    expect(problems).toEqual([]);
    // Guards against a vacuous pass if file discovery or parsing silently breaks.
    expect(files.length).toBeGreaterThan(50);
    expect(edges).toContainEqual(expect.objectContaining({ from: 'src/main.ts', to: 'src/app.ts' }));
  });

  it('keeps every import on its own layer or below, and the simulator sealed', () => {
    expect(checkLayers(files, edges)).toEqual([]);
  });

  it('has no import cycles, type-only imports included', () => {
    expect(findCycles(edges)).toEqual([]);
  });
});

describe('import graph checker (self-check)', () => {
  it('sees every kind of module reference', () => {
    const text = [
      "import a from './a.js';",
      "import type { B } from './b.js';",
      "import { type C } from './c.js';",
      "export { d } from './d.js';",
      "export type { E } from './e.js';",
      "export * as f from './f.js';",
      "import './g.js';",
      "const h = await import('./h.js');",
      "let i: import('./i.js').I;",
      'const j = await import(name);',
    ].join('\n');
    expect(parseImports('x.ts', text).map(({ specifier, typeOnly }) => [specifier, typeOnly])).toEqual([
      ['./a.js', false],
      ['./b.js', true],
      ['./c.js', false],
      ['./d.js', false],
      ['./e.js', true],
      ['./f.js', false],
      ['./g.js', false],
      ['./h.js', false],
      ['./i.js', true],
      ['<non-literal>', false],
    ]);
  });

  it('reports back-edges, simulator leaks and foundation imports, naming the edge', () => {
    const edge = (from: string, to: string, typeOnly = false): Edge => ({
      from,
      to,
      kind: typeOnly ? 'import type' : 'import',
      typeOnly,
      line: 1,
    });
    const synthetic = [
      edge('src/transport/a.ts', 'src/auth/b.ts', true),
      edge('src/schema/c.ts', 'src/transport/d.ts'),
      edge('src/schema/c.ts', 'src/simulator/index.ts'),
      edge('src/simulator/x.ts', 'src/datasources/y.ts'),
      edge('src/simulator/x.ts', 'src/auth/cms-signature.ts'),
      edge('src/main.ts', 'src/simulator/index.ts'),
      edge('src/logger.ts', 'src/config.ts', true),
      edge('src/logger.ts', 'src/config.ts'),
      edge('src/config.ts', 'src/clock.ts'),
      edge('src/app.ts', 'test/support/graphql-harness.ts'),
    ];
    const files = [...new Set(synthetic.flatMap(({ from, to }) => [from, to])), 'src/stray.ts'];
    expect(checkLayers(files, synthetic)).toEqual([
      expect.stringContaining('src/stray.ts: belongs to no layer'),
      'src/transport/a.ts → src/auth/b.ts (import type, line 1): transport may not import auth (a layer above it)',
      'src/schema/c.ts → src/simulator/index.ts (import, line 1): only src/main.ts may import the simulator',
      expect.stringMatching(
        /^src\/simulator\/x\.ts → src\/datasources\/y\.ts .*: the simulator may only import/,
      ),
      'src/logger.ts → src/config.ts (import, line 1): logger may import config only with `import type`',
      expect.stringMatching(/^src\/config\.ts → src\/clock\.ts .*: foundation files import no project file/),
      expect.stringMatching(
        /^src\/app\.ts → test\/support\/graphql-harness\.ts .*: src may not import files outside/,
      ),
    ]);
  });

  it('reports each cycle with its files', () => {
    const synthetic = [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'c', to: 'a' },
      { from: 'c', to: 'd' },
      { from: 'e', to: 'e' },
    ];
    expect(findCycles(synthetic)).toEqual([
      'cycle: a → b → c → a (component: a, b, c)',
      'cycle: e → e (component: e)',
    ]);
  });
});
