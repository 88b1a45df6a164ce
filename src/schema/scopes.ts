import SchemaBuilder, {
  BasePlugin,
  type FieldNullability,
  type InputFieldMap,
  type PothosOutputFieldConfig,
  PothosSchemaError,
  type SchemaTypes,
  type TypeParam,
} from '@pothos/core';
import {
  defaultFieldResolver,
  GraphQLError,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import type { ClientScope, Viewer } from '../auth/client/viewer.js';

/**
 * Authorization per field: a field declares `requiredScope`, and a viewer without that scope gets a
 * FORBIDDEN error on that field alone (its siblings still resolve). The check runs before the field's
 * arguments are validated and before anything is fetched. Every root field must have a scope:
 * `guardRootFields` refuses to hand out a schema otherwise, so a new root field cannot be left open.
 */

/** Throws FORBIDDEN unless the viewer holds `scope`. */
export function requireScope(context: { viewer: Viewer }, scope: ClientScope): void {
  if (context.viewer.scopes.has(scope)) return;
  throw new GraphQLError(`This field needs the ${scope} scope, which the access token does not grant.`, {
    extensions: { code: 'FORBIDDEN', requiredScope: scope },
  });
}

/** Where a built field keeps its scope (GraphQL field extensions), for guardRootFields and tools. */
const SCOPE_EXTENSION = 'requiredScope';

function scopeOf(field: GraphQLField<unknown, unknown>): unknown {
  return field.extensions[SCOPE_EXTENSION];
}

export class ClientScopesPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>) {
    const scope = fieldConfig.pothosOptions.requiredScope;
    if (!scope) return fieldConfig;
    return { ...fieldConfig, extensions: { ...fieldConfig.extensions, [SCOPE_EXTENSION]: scope } };
  }

  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const scope = fieldConfig.pothosOptions.requiredScope;
    if (!scope) return resolver;
    return (parent, args, context, info) => {
      // The builder's Context is GraphQLContext (builder.ts); Pothos only knows it as an object here.
      requireScope(context as { viewer: Viewer }, scope);
      return resolver(parent, args, context, info);
    };
  }
}

/**
 * Federation adds `_entities` (entities by key: tenant data) and `_service` (the SDL) to Query after
 * Pothos has built it; both are reads. Mutates the two fields in place, as graphql-js allows.
 */
const FEDERATION_READS = ['_entities', '_service'] as const;

/** Puts `cec:read` on federation's fields and throws when any root field has no scope. */
export function guardRootFields(schema: GraphQLSchema): GraphQLSchema {
  const queryFields = schema.getQueryType()?.getFields() ?? {};
  for (const name of FEDERATION_READS) {
    const field = queryFields[name];
    if (!field || scopeOf(field)) continue;
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = (source, args, context: { viewer: Viewer }, info) => {
      requireScope(context, 'cec:read');
      return resolve(source, args, context, info);
    };
    field.extensions = { ...field.extensions, [SCOPE_EXTENSION]: 'cec:read' };
  }
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  const open = roots.flatMap((root) =>
    Object.values(root?.getFields() ?? {})
      .filter((field) => !scopeOf(field))
      .map((field) => `${root?.name}.${field.name}`),
  );
  if (open.length > 0) {
    throw new PothosSchemaError(`Root fields without a requiredScope: ${open.join(', ')}`);
  }
  return schema;
}

const pluginName = 'clientScopes';
SchemaBuilder.registerPlugin(pluginName, ClientScopesPlugin);
export default pluginName;

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      clientScopes: ClientScopesPlugin<Types>;
    }
    // Declaration merging needs Pothos's exact type parameters, used or not.
    // biome-ignore-start lint/correctness/noUnusedVariables: see above
    export interface FieldOptions<
      Types extends SchemaTypes = SchemaTypes,
      ParentShape = unknown,
      Type extends TypeParam<Types> = TypeParam<Types>,
      Nullable extends FieldNullability<Type> = FieldNullability<Type>,
      Args extends InputFieldMap = InputFieldMap,
      ResolveShape = unknown,
      ResolveReturnShape = unknown,
    > {
      /** The scope a viewer needs to read this field (FORBIDDEN otherwise). Required on root fields. */
      requiredScope?: ClientScope;
    }
    // biome-ignore-end lint/correctness/noUnusedVariables: see above
  }
}
