import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ZodPlugin from '@pothos/plugin-zod';
import type { GraphQLContext } from '../context.js';
import { inputValidationFailureFromZod } from './input-validation.js';

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  Scalars: { DateTime: { Input: Date; Output: Date | number } };
  Connection: { totalCount: number };
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
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    pageInfoTypeOptions: {
      description: 'Where a page sits in the whole list, and the cursors to move from it.',
    },
  },
});

builder.queryType({ description: 'Read access to the contact center.' });
builder.mutationType({ description: 'Actions that change something in the contact center.' });
