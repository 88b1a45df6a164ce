import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import ErrorsPlugin from '@pothos/plugin-errors';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import ZodPlugin from '@pothos/plugin-zod';
import type { GraphQLContext } from './context.js';
import { inputValidationFailureFromZod } from './input-validation.js';
import ClientScopesPlugin from './scopes.js';

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  Scalars: { DateTime: { Input: Date; Output: Date | number } };
  Connection: { totalCount(): number | Promise<number> };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  // Scopes first: a field's scope is checked before anything else runs, argument validation included.
  // Errors wraps zod so that argument validation failures can become typed mutation results.
  // Federation stays last (after every plugin that wraps resolvers), with the directives it prints.
  plugins: [ClientScopesPlugin, ErrorsPlugin, ZodPlugin, RelayPlugin, DirectivesPlugin, FederationPlugin],
  defaultFieldNullability: false,
  zod: { validationError: (error) => inputValidationFailureFromZod(error) },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    edgesFieldOptions: { nullable: false, description: 'The items of this page, each with its cursor.' },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    cursorFieldOptions: { description: 'Opaque position of this item; pass it as `after` or `before`.' },
    pageInfoFieldOptions: { description: 'Where this page sits in the whole list.' },
    pageInfoTypeOptions: {
      description: 'Where a page sits in the whole list, and the cursors to move from it.',
      // Every Relay-style subgraph defines PageInfo the same way.
      shareable: true,
    },
    hasNextPageFieldOptions: { description: 'Whether more items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'Whether items precede this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first item of the page; null when empty.' },
    endCursorFieldOptions: { description: 'Cursor of the last item of the page; null when empty.' },
    firstArgOptions: { description: 'Return at most this many items from the start (after `after`).' },
    afterArgOptions: { description: 'Return items after this cursor.' },
    lastArgOptions: { description: 'Return at most this many items from the end (before `before`).' },
    beforeArgOptions: { description: 'Return items before this cursor.' },
  },
});

builder.queryType({
  description: 'Read access to the contact center; every field needs the cec:read scope.',
});
builder.mutationType({ description: 'Actions that change something in the contact center.' });
