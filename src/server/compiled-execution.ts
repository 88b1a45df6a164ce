import {
  BREAK,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  GraphQLError,
  type GraphQLOutputType,
  type GraphQLSchema,
  isListType,
  isNonNullType,
  type Source,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';

/**
 * Executes operations with graphql-jit: a document is compiled once into plain JavaScript that calls the
 * same resolvers (Pothos's wrappers, scopes and validation included) and builds the result in query
 * order. Not @envelop/graphql-jit: it keys its cache by document alone, so the second operation of a
 * document would run the first one's compiled code.
 *
 * graphql-js's executor still answers where jit would answer differently or gains nothing:
 *   - a document's first execution (one-off documents, e.g. typed in GraphiQL, are not worth compiling);
 *   - documents jit cannot compile;
 *   - documents selecting a list with nullable items (`_entities`): jit 0.8.9 appends the null of a
 *     failed item instead of placing it at its index, so the list comes out short or reordered;
 *   - variables that do not coerce: jit's messages differ from graphql-js's (and drop custom scalars' own
 *     messages), so such an operation runs again with graphql-js, which refuses it before any resolver.
 * jit's errors carry `locations` that yoga's serialiser drops; they become graphql-js errors here.
 */

/** Compiled operations kept, least recently used dropped first (each holds generated code). */
const MAX_COMPILED = 300;
/** Executions of a document before it is compiled. */
const COMPILE_AFTER = 2;

interface Compiled {
  query: CompiledQuery['query'];
  /** Offsets in the document's text where each line starts, for the errors' positions. */
  lineStarts: number[];
  source: Source | undefined;
}

type Entry = Compiled | 'graphql-js';

export interface CompiledExecutionOptions {
  logger: Logger;
  maxCompiled?: number;
  compileAfter?: number;
}

export function useCompiledExecution(options: CompiledExecutionOptions): Plugin {
  const max = options.maxCompiled ?? MAX_COMPILED;
  const compileAfter = options.compileAfter ?? COMPILE_AFTER;
  const logger = options.logger.child({ component: 'compiled-execution' });
  // By document, then operation name; a Map iterates in insertion order, which makes it the LRU.
  const compiled = new Map<DocumentNode, Map<string, Entry>>();
  const seen = new WeakMap<DocumentNode, number>();

  const entryFor = (args: ExecutionArgs): Entry | undefined => {
    const operationName = args.operationName ?? '';
    const byName = compiled.get(args.document);
    const known = byName?.get(operationName);
    if (byName && known) {
      compiled.delete(args.document);
      compiled.set(args.document, byName);
      return known;
    }
    const executions = (seen.get(args.document) ?? 0) + 1;
    seen.set(args.document, executions);
    if (executions < compileAfter) return undefined;
    const entry = compile(args, logger);
    const names = byName ?? new Map<string, Entry>();
    names.set(operationName, entry);
    compiled.delete(args.document);
    compiled.set(args.document, names);
    if (compiled.size > max) {
      const oldest = compiled.keys().next().value;
      if (oldest) compiled.delete(oldest);
    }
    return entry;
  };

  return {
    onExecute({ executeFn, setExecuteFn }) {
      // Chosen (and compiled) only when the operation really executes: a limit below may still refuse it.
      setExecuteFn(async (executionArgs: ExecutionArgs) => {
        const entry = entryFor(executionArgs);
        if (entry === undefined || entry === 'graphql-js') {
          return executeFn(executionArgs) as Promise<ExecutionResult>;
        }
        const result = await entry.query(
          executionArgs.rootValue,
          executionArgs.contextValue,
          executionArgs.variableValues,
        );
        // No `data` only when the variables did not coerce: nothing ran, so graphql-js may try them.
        if (!('data' in result)) return executeFn(executionArgs) as Promise<ExecutionResult>;
        if (!result.errors?.length) return result;
        // `errors` first, as graphql-js writes it (the spec's recommendation).
        const { errors, ...rest } = result;
        return { errors: errors.map((error) => located(error, entry)), ...rest };
      });
    },
  };
}

function compile(args: ExecutionArgs, logger: Logger): Entry {
  if (selectsNullableListItems(args.schema, args.document)) return 'graphql-js';
  const result = compileQuery(args.schema, args.document, args.operationName ?? undefined);
  if (!isCompiledQuery(result)) {
    logger.warn('operation not compilable; graphql-js executes it', {
      reason: result.errors?.map((error) => error.message).join('; '),
    });
    return 'graphql-js';
  }
  const source = args.document.loc?.source;
  return { query: result.query, source, lineStarts: lineStartsOf(source?.body ?? '') };
}

function hasNullableListItems(type: GraphQLOutputType): boolean {
  let inner = isNonNullType(type) ? type.ofType : type;
  while (isListType(inner)) {
    if (!isNonNullType(inner.ofType)) return true;
    inner = inner.ofType.ofType;
  }
  return false;
}

function selectsNullableListItems(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const field = typeInfo.getFieldDef();
        if (!field || !hasNullableListItems(field.type)) return undefined;
        found = true;
        return BREAK;
      },
    }),
  );
  return found;
}

function lineStartsOf(body: string): number[] {
  const starts = [0];
  for (const match of body.matchAll(/\r\n|[\n\r]/g)) starts.push(match.index + match[0].length);
  return starts;
}

/** Errors jit makes itself, as graphql-js's executor does: a client's to read, like graphql-js's. */
const EXECUTOR_MESSAGES =
  /^(Cannot return null for non-nullable field|Expected Iterable|Abstract type|Runtime Object type)/;

/**
 * jit's error (locations, no source positions) as graphql-js would have made it. jit keeps only the message
 * of an error a scalar's serialize threw (graphql-js keeps the error): it gets an original error again, so
 * the masker hides and logs it instead of sending its text without a code.
 */
function located(error: GraphQLError, { source, lineStarts }: Compiled): GraphQLError {
  const positions = source
    ? error.locations?.map(({ line, column }) => (lineStarts[line - 1] ?? 0) + column - 1)
    : undefined;
  const lostOriginal = !error.originalError && !EXECUTOR_MESSAGES.test(error.message);
  return new GraphQLError(error.message, {
    ...(positions ? { source, positions } : {}),
    path: error.path,
    originalError: error.originalError ?? (lostOriginal ? new Error(error.message) : undefined),
    extensions: error.extensions,
  });
}
