import { printSubgraphSchema } from '@apollo/subgraph';
import { type ASTNode, buildASTSchema, type DocumentNode, Kind, parse, visit } from 'graphql';

/**
 * The subgraph SDL with every list sorted by name (types, fields, arguments, enum values, union
 * members, interfaces), as graphql's lexicographicSortSchema would, so schema.graphql diffs stay small.
 * Applied directives keep their order. The SDL is sorted as a document because the federation
 * printer reproduces the types' definition order.
 */
export function sortSdl(sdl: string): string {
  // Printed again by the federation printer, for its layout (a blank line between described fields).
  return `${printSubgraphSchema(buildASTSchema(sortDocument(parse(sdl)), { assumeValidSDL: true }))}\n`;
}

const byName = <T extends ASTNode>(
  nodes: readonly T[] | undefined,
  name: (node: T) => string,
): T[] | undefined => nodes && [...nodes].sort((a, b) => compare(name(a), name(b)));

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const nameOf = (node: { name: { value: string } }) => node.name.value;

/** Schema definitions and extensions first, then every named definition by name. */
function definitionName(node: DocumentNode['definitions'][number]): string {
  return 'name' in node && node.name ? `1${node.name.value}` : '0';
}

function sortDocument(document: DocumentNode): DocumentNode {
  const sorted = visit(document, {
    enter(node) {
      switch (node.kind) {
        case Kind.OBJECT_TYPE_DEFINITION:
        case Kind.OBJECT_TYPE_EXTENSION:
        case Kind.INTERFACE_TYPE_DEFINITION:
        case Kind.INTERFACE_TYPE_EXTENSION:
          return {
            ...node,
            interfaces: byName(node.interfaces, nameOf),
            fields: byName(node.fields, nameOf),
          };
        case Kind.FIELD_DEFINITION:
        case Kind.DIRECTIVE_DEFINITION:
          return { ...node, arguments: byName(node.arguments, nameOf) };
        case Kind.INPUT_OBJECT_TYPE_DEFINITION:
        case Kind.INPUT_OBJECT_TYPE_EXTENSION:
          return { ...node, fields: byName(node.fields, nameOf) };
        case Kind.ENUM_TYPE_DEFINITION:
        case Kind.ENUM_TYPE_EXTENSION:
          return { ...node, values: byName(node.values, nameOf) };
        case Kind.UNION_TYPE_DEFINITION:
        case Kind.UNION_TYPE_EXTENSION:
          return { ...node, types: byName(node.types, nameOf) };
        default:
          return undefined;
      }
    },
  });
  return { ...sorted, definitions: byName(sorted.definitions, definitionName) ?? [] };
}
