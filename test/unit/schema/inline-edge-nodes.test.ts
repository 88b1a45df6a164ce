import { type GraphQLFieldResolver, GraphQLObjectType, GraphQLSchema, GraphQLString, graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../../src/schema/index.js';
import { inlineEdgeNodes } from '../../../src/schema/inline-edge-nodes.js';

const readNode: GraphQLFieldResolver<{ node: string }, unknown> = (edge) => edge.node;

/** A connection whose edge's `node` has `resolve`, marked as wrapped by a Pothos plugin or not. */
function connectionSchema(options: { wrapped: boolean; pageInfo: boolean }) {
  const edge = new GraphQLObjectType({
    name: 'ThingEdge',
    fields: {
      cursor: { type: GraphQLString },
      node: {
        type: GraphQLString,
        resolve: readNode,
        extensions: { pothosResolveWrapped: options.wrapped },
      },
    },
  });
  const pageInfo = new GraphQLObjectType({
    name: 'PageInfo',
    fields: { endCursor: { type: GraphQLString } },
  });
  const connection = new GraphQLObjectType({
    name: 'ThingConnection',
    fields: {
      edges: { type: edge },
      ...(options.pageInfo ? { pageInfo: { type: pageInfo } } : {}),
    },
  });
  const query = new GraphQLObjectType({
    name: 'Query',
    fields: { things: { type: connection, resolve: () => ({ edges: { cursor: 'c', node: 'n' } }) } },
  });
  const built = new GraphQLSchema({ query });
  return { built, node: () => edge.getFields().node };
}

describe('inlineEdgeNodes', () => {
  it('leaves no resolver on the node field of any connection edge of the schema', () => {
    const edges = Object.keys(schema.getTypeMap()).filter((name) => name.endsWith('Edge'));
    expect(edges.length).toBeGreaterThanOrEqual(3);
    for (const name of edges) {
      const edge = schema.getType(name) as GraphQLObjectType;
      expect(edge.getFields().node?.resolve, name).toBeUndefined();
    }
  });

  it('drops a plain node resolver, and the node still resolves from the edge', async () => {
    const { built, node } = connectionSchema({ wrapped: false, pageInfo: true });
    inlineEdgeNodes(built);
    expect(node()?.resolve).toBeUndefined();
    const result = await graphql({ schema: built, source: '{ things { edges { node } } }' });
    expect(result).toEqual({ data: { things: { edges: { node: 'n' } } } });
  });

  it('keeps a resolver a plugin wrapped, and leaves types that are not connections alone', () => {
    const wrapped = connectionSchema({ wrapped: true, pageInfo: true });
    inlineEdgeNodes(wrapped.built);
    expect(wrapped.node()?.resolve).toBe(readNode);
    const notConnection = connectionSchema({ wrapped: false, pageInfo: false });
    inlineEdgeNodes(notConnection.built);
    expect(notConnection.node()?.resolve).toBe(readNode);
  });
});
