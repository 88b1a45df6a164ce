import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getOperationAST,
  isInterfaceType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  type SelectionSetNode,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  valueFromASTUntyped,
} from 'graphql';
import { VENDOR_MAX_LIMIT } from '../datasources/vendor/paging.js';

/**
 * The cost of an operation (MAX_COST), worked out from the document and its variables before it runs:
 * every field costs 1 each time it resolves, and every vendor call a field makes costs
 * UPSTREAM_CALL_COST more. A connection's `edges` resolve as many times as the page has rows (`first` /
 * `last`, the default page size when neither is given), so they multiply everything below them. Other
 * lists (registration nodes, introspection) count once: their length does not depend on the client.
 *
 * Computed with the variables because they decide page sizes: a validation rule (cached per document by
 * yoga) would have to assume the largest page for `first: $n` and refuse ordinary paged clients.
 */

/** What one vendor call adds; MAX_COST's default (20 000) is thus about 200 calls, the call budget. */
export const UPSTREAM_CALL_COST = 100;

interface Resolution {
  /** The field's arguments, variables substituted (not yet coerced). */
  args: Readonly<Record<string, unknown>>;
  /** Rows of the page a connection field returns; null for other fields. */
  pageSize: number | null;
}

const oneCall = () => 1;
/** The vendor serves at most 100 rows a call; a page may straddle one more (not counted). */
const pageCalls = ({ pageSize }: Resolution) => Math.max(1, Math.ceil((pageSize ?? 0) / VENDOR_MAX_LIMIT));
const representations = ({ args }: Resolution) =>
  Array.isArray(args.representations) ? args.representations.length : 1;

/**
 * Every field that calls the vendor when it resolves, by schema coordinate, with the calls one
 * resolution makes (at least; the operation's call budget counts the real ones).
 */
const UPSTREAM_FIELDS: Readonly<Record<string, (resolution: Resolution) => number>> = {
  'Query.accessCodes': pageCalls,
  'Query.accessCode': oneCall,
  'Query.softphones': pageCalls,
  'Query.registrationNodes': oneCall,
  'Query.calledInfo': oneCall,
  'AccessCode.routing': oneCall,
  'Query.callRecords': pageCalls,
  'Mutation.createAnonymousCall': oneCall,
  // Federation: each entity reference is a lookup (the loaders may share calls between them).
  'Query._entities': representations,
};

/** Lists whose length the client decides, other than connection pages: their children multiply. */
const CLIENT_SIZED_LISTS: Readonly<Record<string, (resolution: Resolution) => number>> = {
  'Query._entities': representations,
};

export const UPSTREAM_BACKED_FIELDS: readonly string[] = Object.keys(UPSTREAM_FIELDS);

export interface OperationCostInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null | undefined;
  variables?: Readonly<Record<string, unknown>> | null | undefined;
  /** Rows of a connection page without `first` or `last`. */
  defaultPageSize: number;
  /** Larger pages are refused by the connection itself, so they never cost more than this. */
  maxPageSize: number;
}

export interface OperationCost {
  cost: number;
  /** The vendor calls counted in `cost` (an estimate: the budget counts the real calls). */
  upstreamCalls: number;
}

const NOTHING: OperationCost = { cost: 0, upstreamCalls: 0 };

/** The cost of the operation that `operationName` selects (none: 0; validation reports that). */
export function operationCost(input: OperationCostInput): OperationCost {
  const { schema, document } = input;
  const operation = getOperationAST(document, input.operationName ?? undefined);
  const root = operation ? schema.getRootType(operation.operation) : null;
  if (!operation || !root) return NOTHING;
  const variables = input.variables ?? {};
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  // Cost of one spread of a fragment (per page size of an enclosing connection); in progress: a cycle.
  const fragmentCosts = new Map<string, OperationCost | 'counting'>();

  const argsOf = (field: FieldNode): Record<string, unknown> =>
    Object.fromEntries(
      (field.arguments ?? []).map((argument) => [
        argument.name.value,
        valueFromASTUntyped(argument.value, variables),
      ]),
    );

  const pageSizeOf = (args: Readonly<Record<string, unknown>>): number => {
    const size = (value: unknown) => (Number.isInteger(value) && Number(value) >= 0 ? Number(value) : null);
    const first = size(args.first);
    const last = size(args.last);
    const rows =
      first !== null && last !== null ? Math.min(first, last) : (first ?? last ?? input.defaultPageSize);
    return Math.min(rows, input.maxPageSize);
  };

  /** The cost of `selectionSet` for one resolution of its parent; `edgeRows` inside a connection. */
  const costOf = (
    selectionSet: SelectionSetNode,
    parent: GraphQLNamedType,
    edgeRows: number | null,
  ): OperationCost => {
    let cost = 0;
    let upstreamCalls = 0;
    const add = (part: OperationCost, times = 1) => {
      cost += part.cost * times;
      upstreamCalls += part.upstreamCalls * times;
    };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const definition = fieldOf(schema, parent, selection.name.value);
        if (!definition) continue;
        const coordinate = `${parent.name}.${selection.name.value}`;
        const args = argsOf(selection);
        const type = getNamedType(definition.type);
        const pageSize = isConnection(definition, type) ? pageSizeOf(args) : null;
        const resolution = { args, pageSize };
        const calls = UPSTREAM_FIELDS[coordinate]?.(resolution) ?? 0;
        add({ cost: 1 + calls * UPSTREAM_CALL_COST, upstreamCalls: calls });
        if (!selection.selectionSet) continue;
        const times =
          selection.name.value === 'edges' && edgeRows !== null
            ? edgeRows
            : (CLIENT_SIZED_LISTS[coordinate]?.(resolution) ?? 1);
        add(costOf(selection.selectionSet, type, pageSize), times);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (on) add(costOf(selection.selectionSet, on, edgeRows));
      } else {
        add(fragmentCost(selection.name.value, edgeRows));
      }
    }
    return { cost, upstreamCalls };
  };

  const fragmentCost = (name: string, edgeRows: number | null): OperationCost => {
    const key = `${name}\u0000${edgeRows ?? ''}`;
    const known = fragmentCosts.get(key);
    if (known === 'counting') return NOTHING;
    if (known) return known;
    const fragment = fragments.get(name);
    const on = fragment ? schema.getType(fragment.typeCondition.name.value) : undefined;
    if (!fragment || !on) return NOTHING;
    fragmentCosts.set(key, 'counting');
    const cost = costOf(fragment.selectionSet, on, edgeRows);
    fragmentCosts.set(key, cost);
    return cost;
  };

  return costOf(operation.selectionSet, root, null);
}

function fieldOf(
  schema: GraphQLSchema,
  parent: GraphQLNamedType,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  if (parent === schema.getQueryType()) {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  }
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

/** A Relay connection field: paged by `first`/`last`, returning a type with `edges`. */
function isConnection(field: GraphQLField<unknown, unknown>, type: GraphQLNamedType): boolean {
  const paged = field.args.some((arg) => arg.name === 'first' || arg.name === 'last');
  return paged && (isObjectType(type) || isInterfaceType(type)) && 'edges' in type.getFields();
}
