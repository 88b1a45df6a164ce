// The layer rules of src/, checked on every test run so a back-edge or a cycle fails CI.
// Layers, top to bottom (an import may point to its own layer or any layer below):
//   process (src/main.ts) → app (src/app.ts, src/graphiql.ts) → schema → call-safety → datasources → auth
//   → telemetry → transport → foundation (src/config.ts, src/logger.ts, src/clock.ts, src/time-zone.ts).
// The foundation files import no project file except logger → config, type-only.
// src/simulator/** is sealed: only src/main.ts imports it from src/, and it imports nothing from src/
// outside itself except the foundation files and src/auth/cms-signature.ts (the shared signing code).
// There are no import cycles among src files, type-only imports included, and src imports nothing outside src/.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

interface ImportRef {
  specifier: string;
  kind: string;
  typeOnly: boolean;
  line: number;
}

export interface Edge {
  from: string;
  to: string;
  kind: string;
  typeOnly: boolean;
  line: number;
}

interface Layer {
  name: string;
  owns: (file: string) => boolean;
}

const exactly =
  (...files: string[]) =>
  (file: string) =>
    files.includes(file);
const under = (dir: string) => (file: string) => file.startsWith(dir);

const LAYERS: readonly Layer[] = [
  // main.ts and, under WEB_CONCURRENCY > 1, the node:cluster primary that supervises the workers.
  { name: 'process', owns: (file: string) => exactly('src/main.ts')(file) || under('src/process/')(file) },
  {
    name: 'app',
    owns: (file: string) => exactly('src/app.ts', 'src/graphiql.ts')(file) || under('src/server/')(file),
  },
  { name: 'schema', owns: under('src/schema/') },
  // Idempotency keys and call limits of createAnonymousCall, and the Redis connection replicas share.
  { name: 'call-safety', owns: under('src/call-safety/') },
  { name: 'datasources', owns: under('src/datasources/') },
  { name: 'auth', owns: under('src/auth/') },
  // Prometheus families and OpenTelemetry spans behind transport's UpstreamObserver, and the SDK setup.
  { name: 'telemetry', owns: under('src/telemetry/') },
  { name: 'transport', owns: under('src/transport/') },
  {
    name: 'foundation',
    owns: exactly(
      'src/config.ts',
      'src/config-fields.ts',
      'src/logger.ts',
      'src/clock.ts',
      'src/time-zone.ts',
    ),
  },
];

// The only edges allowed inside the foundation layer, and only as `import type`.
const FOUNDATION_TYPE_EDGES: ReadonlySet<string> = new Set(['src/logger.ts → src/config.ts']);
// config.ts reads its variables with the field parsers beside it: the one value edge in the foundation.
const FOUNDATION_VALUE_EDGES: ReadonlySet<string> = new Set(['src/config.ts → src/config-fields.ts']);

const SIMULATOR = 'src/simulator/';
const SIMULATOR_IMPORTERS: ReadonlySet<string> = new Set(['src/main.ts']);
const SIMULATOR_MAY_IMPORT: ReadonlySet<string> = new Set([
  'src/config.ts',
  'src/clock.ts',
  'src/logger.ts',
  'src/time-zone.ts',
  'src/auth/cms-signature.ts',
]);

function layerIndex(file: string): number {
  return LAYERS.findIndex((layer) => layer.owns(file));
}

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

/** Every module reference in a file: static, type-only, re-exports, `import()` and `import('x').T`. */
export function parseImports(fileName: string, text: string): ImportRef[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const refs: ImportRef[] = [];
  const add = (node: ts.Node, spec: ts.Node | undefined, kind: string, typeOnly: boolean) => {
    const line = lineOf(source, node);
    if (spec && ts.isStringLiteralLike(spec)) refs.push({ specifier: spec.text, kind, typeOnly, line });
    // A computed specifier cannot be checked, so it is reported rather than skipped.
    else refs.push({ specifier: '<non-literal>', kind, typeOnly, line });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const typeOnly = node.importClause?.isTypeOnly ?? false;
      add(node, node.moduleSpecifier, typeOnly ? 'import type' : 'import', typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      add(
        node,
        node.moduleSpecifier,
        node.isTypeOnly ? 'export type … from' : 'export … from',
        node.isTypeOnly,
      );
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, 'import = require()', node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0], 'import()', false);
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      add(node, ts.isLiteralTypeNode(arg) ? arg.literal : undefined, "import('…') type", true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return refs;
}

export function listTs(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => `${dir}/${name.split(sep).join('/')}`)
    .sort();
}

/** Resolves a relative specifier to a repo-relative path the way NodeNext does (`./x.js` → `x.ts`). */
function resolveRelative(from: string, specifier: string): string | undefined {
  const target = join(ROOT, dirname(from), specifier);
  const candidates = [
    target.replace(/\.js$/, '.ts'),
    target.replace(/\.mjs$/, '.mts'),
    target,
    `${target}.ts`,
  ];
  const found = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
  return found === undefined ? undefined : relative(ROOT, found).split(sep).join('/');
}

export function buildGraph(files: readonly string[]): { edges: Edge[]; problems: string[] } {
  const edges: Edge[] = [];
  const problems: string[] = [];
  for (const from of files) {
    for (const ref of parseImports(from, readFileSync(join(ROOT, from), 'utf8'))) {
      const at = `${from}:${ref.line} (${ref.kind} '${ref.specifier}')`;
      if (ref.specifier === '<non-literal>') problems.push(`${at}: computed specifier cannot be checked`);
      if (!ref.specifier.startsWith('.')) continue; // packages and node: builtins
      const to = resolveRelative(from, ref.specifier);
      if (to === undefined) problems.push(`${at}: does not resolve to a file`);
      else edges.push({ from, to, kind: ref.kind, typeOnly: ref.typeOnly, line: ref.line });
    }
  }
  return { edges, problems };
}

/** One message per edge that breaks a rule, naming the rule. */
export function checkLayers(files: readonly string[], edges: readonly Edge[]): string[] {
  const violations: string[] = [];
  for (const file of files) {
    if (file.startsWith('src/') && !file.startsWith(SIMULATOR) && layerIndex(file) === -1) {
      violations.push(
        `${file}: belongs to no layer; add it to LAYERS in test/unit/architecture/import-graph.ts`,
      );
    }
  }
  for (const edge of edges) {
    const at = `${edge.from} → ${edge.to} (${edge.kind}, line ${edge.line})`;
    if (!edge.to.startsWith('src/')) {
      violations.push(`${at}: src may not import files outside src/`);
      continue;
    }
    const fromSim = edge.from.startsWith(SIMULATOR);
    const toSim = edge.to.startsWith(SIMULATOR);
    if (fromSim && toSim) continue;
    if (toSim) {
      if (!SIMULATOR_IMPORTERS.has(edge.from))
        violations.push(`${at}: only src/main.ts may import the simulator`);
      continue;
    }
    if (fromSim) {
      if (!SIMULATOR_MAY_IMPORT.has(edge.to)) {
        violations.push(`${at}: the simulator may only import ${[...SIMULATOR_MAY_IMPORT].join(', ')}`);
      }
      continue;
    }
    const fromIndex = layerIndex(edge.from);
    const toIndex = layerIndex(edge.to);
    if (fromIndex === -1 || toIndex === -1) continue; // already reported as unlayered
    const fromLayer = LAYERS[fromIndex]?.name;
    const toLayer = LAYERS[toIndex]?.name;
    if (toIndex < fromIndex) {
      violations.push(`${at}: ${fromLayer} may not import ${toLayer} (a layer above it)`);
    } else if (fromLayer === 'foundation') {
      const key = `${edge.from} → ${edge.to}`;
      if (FOUNDATION_VALUE_EDGES.has(key)) {
        // allowed
      } else if (!FOUNDATION_TYPE_EDGES.has(key)) {
        violations.push(`${at}: foundation files import no project file except logger → config types`);
      } else if (!edge.typeOnly) {
        violations.push(`${at}: logger may import config only with \`import type\``);
      }
    }
  }
  return violations;
}

/** Every strongly connected component with a cycle, each printed as one concrete loop. */
export function findCycles(edges: readonly Pick<Edge, 'from' | 'to'>[]): string[] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const strongConnect = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) ?? 0);
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        strongConnect(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    const selfLoop = (next.get(node) ?? []).includes(node);
    if (component.length > 1 || selfLoop) components.push(component.sort());
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) strongConnect(node);
  return components.map((component) => {
    const loop = shortestLoop(component[0] ?? '', new Set(component), next);
    return `cycle: ${loop.join(' → ')} (component: ${component.join(', ')})`;
  });
}

function shortestLoop(start: string, within: ReadonlySet<string>, next: Map<string, string[]>): string[] {
  const parent = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] ?? '';
    for (const to of next.get(node) ?? []) {
      if (to === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(parent.get(path[0] ?? '') ?? start);
        return [...path, start];
      }
      if (within.has(to) && !parent.has(to) && to !== start) {
        parent.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start];
}
