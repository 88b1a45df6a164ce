import { type GraphQLSchema, getNamedType, isObjectType } from 'graphql';

/**
 * Drops the resolver of every connection edge's `node` field. Pothos's relay plugin gives that field
 * `(edge) => edge.node`, which is what graphql's default resolver does; without a resolver graphql-jit
 * reads the property inline instead of calling a function (and building its resolve info) per edge.
 * A `node` field that a plugin wrapped (a scope, a validation) keeps its resolver.
 */
export function inlineEdgeNodes(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    const fields = type.getFields();
    if (!fields.edges || !fields.pageInfo) continue;
    const edge = getNamedType(fields.edges.type);
    if (!isObjectType(edge)) continue;
    const node = edge.getFields().node;
    if (!node || !edge.getFields().cursor || node.extensions.pothosResolveWrapped) continue;
    node.resolve = undefined;
  }
  return schema;
}
