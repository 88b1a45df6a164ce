import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ZodPlugin from '@pothos/plugin-zod';
import type { GraphQLContext } from './context.js';
import { inputValidationFailureFromZod } from './input-validation.js';

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  Scalars: { DateTime: { Input: Date; Output: Date | number } };
  Connection: { totalCount(): number | Promise<number> };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  // Errors wraps zod so that argument validation failures can become typed mutation results.
  plugins: [ErrorsPlugin, ZodPlugin, RelayPlugin],
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

builder.queryType({ description: 'Read access to the contact center.' });
builder.mutationType({ description: 'Actions that change something in the contact center.' });
