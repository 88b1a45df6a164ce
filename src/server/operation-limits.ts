import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  type DocumentNode,
  GraphQLError,
  getOperationAST,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
  validate,
} from 'graphql';
import type { FetchAPI, Plugin } from 'graphql-yoga';
import type { OperationLimits } from '../config.js';
import type { Logger } from '../logger.js';
import { anonymousCallLimitRule } from '../schema/anonymous-call-limit.js';
import type { GraphQLContext } from '../schema/context.js';
import { type OperationCost, operationCost } from '../schema/operation-cost.js';
import { type OperationBudget, runOperation } from '../transport/operation-scope.js';
import { limitedParse } from './limited-parser.js';
import { repeatedFieldsRule } from './repeated-fields-rule.js';
import { requestIdOf } from './request-id.js';

/**
 * The abuse limits, each refusing an operation before it makes a single upstream call, with its own
 * `extensions.code` and a message naming the setting:
 *   request body (413) → tokens and nesting while parsing → depth, aliases, directives, repeated fields
 *   and createAnonymousCall fields before graphql-js validates (its overlapping-fields rule is quadratic)
 *   → cost with the variables, just before executing → at run time the upstream call budget and the
 *   operation's deadline (src/transport/operation-scope.ts).
 * Request errors like the others: no `data`; 400 under application/graphql-response+json (200 for
 * plain application/json, as for every parse or validation error), 413 for the body.
 */

const LIMIT_CODES = [
  'REQUEST_ENTITY_TOO_LARGE',
  'MAX_TOKENS_EXCEEDED',
  'MAX_DEPTH_EXCEEDED',
  'MAX_ALIASES_EXCEEDED',
  'MAX_DIRECTIVES_EXCEEDED',
  'MAX_REPEATED_FIELDS_EXCEEDED',
  'MAX_CALLS_PER_OPERATION_EXCEEDED',
  'MAX_COST_EXCEEDED',
] as const;

export type LimitCode = (typeof LIMIT_CODES)[number];

const isLimitCode = (code: unknown): code is LimitCode => LIMIT_CODES.includes(code as LimitCode);

function limitError(
  code: LimitCode,
  setting: string,
  max: number,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, limit: setting, max, ...extensions } });
}

const bodyTooLarge = (max: number) =>
  limitError(
    'REQUEST_ENTITY_TOO_LARGE',
    'MAX_REQUEST_BYTES',
    max,
    `The request body is larger than ${max} bytes (MAX_REQUEST_BYTES).`,
    { http: { status: 413 } },
  );

const invalidContentLength = () =>
  new GraphQLError('Content-Length header is invalid.', {
    extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
  });

/**
 * The request with a body that fails once more than `max` bytes came in. Instead of yoga's
 * `maxRequestBodySize`, which pipes every body through a stream (an AbortController and a DOMException
 * per request), even one whose Content-Length already bounds it.
 */
function limitedBody(request: Request, max: number, fetchAPI: FetchAPI): Request {
  const body = request.body;
  if (!body) return request;
  // A native body needs the native TransformStream (yoga does the same: graphql-yoga issue 4583).
  const Transform = body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  let bytes = 0;
  const limited = body.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        if (bytes > max) controller.error(bodyTooLarge(max));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body: limited,
    duplex: 'half',
  } as RequestInit);
}

/** graphql-armor reports "… limit of N exceeded, found M."; the count makes the message useful. */
const foundIn = (error: GraphQLError): number | undefined => {
  const found = /found (\d+)/.exec(error.message)?.[1];
  return found === undefined ? undefined : Number(found);
};

/** An armor rule's rejection, reported as our coded error (armor's own has no code and says "Syntax Error"). */
const reportAs =
  (toError: (found: number | undefined) => GraphQLError) =>
  (context: ValidationContext | null, error: GraphQLError) =>
    context?.reportError(toError(foundIn(error)));

const counted = (found: number | undefined, what: string) =>
  found === undefined ? `Too many ${what}: ` : `The operation has ${found} ${what}; `;

/** The limits that depend on the document alone (so their verdict is cached with it). */
function documentRules(limits: OperationLimits): ValidationRule[] {
  const { maxDepth, maxAliases, maxDirectives, maxRepeatedFields, maxCallsPerOperation } = limits;
  return [
    maxDepthRule({
      n: maxDepth,
      // Introspection too: 2 000 nested levels of it overflowed the stack. GraphiQL's query nests 15.
      ignoreIntrospection: false,
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [
        reportAs((found) =>
          limitError(
            'MAX_DEPTH_EXCEEDED',
            'MAX_DEPTH',
            maxDepth,
            `${found === undefined ? 'The operation nests too deep: ' : `The operation nests fields ${found} deep; `}` +
              `fields may nest at most ${maxDepth} deep (MAX_DEPTH).`,
          ),
        ),
      ],
    }),
    maxAliasesRule({
      n: maxAliases,
      // Every alias counts: 5 000 aliased copies of one field are 5 000 resolutions.
      allowList: [],
      propagateOnRejection: false,
      onReject: [
        reportAs((found) =>
          limitError(
            'MAX_ALIASES_EXCEEDED',
            'MAX_ALIASES',
            maxAliases,
            `${counted(found, 'aliases')}at most ${maxAliases} are allowed (MAX_ALIASES).`,
          ),
        ),
      ],
    }),
    maxDirectivesRule({
      n: maxDirectives,
      propagateOnRejection: false,
      onReject: [
        reportAs((found) =>
          limitError(
            'MAX_DIRECTIVES_EXCEEDED',
            'MAX_DIRECTIVES',
            maxDirectives,
            `${counted(found, 'directives')}at most ${maxDirectives} are allowed (MAX_DIRECTIVES).`,
          ),
        ),
      ],
    }),
    repeatedFieldsRule(maxRepeatedFields, (message) =>
      limitError('MAX_REPEATED_FIELDS_EXCEEDED', 'MAX_REPEATED_FIELDS', maxRepeatedFields, message),
    ),
    anonymousCallLimitRule(maxCallsPerOperation, (message) =>
      limitError(
        'MAX_CALLS_PER_OPERATION_EXCEEDED',
        'MAX_CALLS_PER_OPERATION',
        maxCallsPerOperation,
        message,
      ),
    ),
  ];
}

export interface OperationLimitsOptions {
  limits: OperationLimits;
  logger: Logger;
}

/** What each operation may spend upstream: the scope the app's context gives every operation. */
export function operationBudget(limits: OperationLimits): OperationBudget {
  return { maxUpstreamCalls: limits.maxUpstreamCallsPerOperation, timeoutMs: limits.operationTimeoutMs };
}

/** One yoga plugin for every limit, the body size included (yoga's own `maxRequestBodySize` is off). */
export function useOperationLimits({ limits, logger }: OperationLimitsOptions): Plugin<GraphQLContext> {
  const parse = limitedParse({ maxTokens: limits.maxTokens, maxDepth: limits.maxDepth });
  const rules = documentRules(limits);
  const verdicts = new WeakMap<DocumentNode, readonly GraphQLError[]>();
  // The cost of operations without variables, which only their document decides.
  const fixedCosts = new WeakMap<OperationDefinitionNode, OperationCost>();

  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        // One non-negative integer only: comma-joined values are a request-smuggling pattern.
        if (!/^\d+$/.test(declared)) throw invalidContentLength();
        if (Number(declared) > limits.maxRequestBytes) throw bodyTooLarge(limits.maxRequestBytes);
      }
      if (!requestParser) return;
      // With a Content-Length, node's HTTP parser reads exactly that many bytes; without one (chunked)
      // the body is counted as it streams in.
      setRequestParser((incoming) =>
        requestParser(
          declared === null && incoming.body
            ? limitedBody(incoming, limits.maxRequestBytes, fetchAPI)
            : incoming,
        ),
      );
    },
    onParse({ setParseFn }) {
      setParseFn(parse);
    },
    onValidate({ params, setResult }) {
      let errors = verdicts.get(params.documentAST);
      if (errors === undefined) {
        errors = validate(params.schema, params.documentAST, rules);
        verdicts.set(params.documentAST, errors);
      }
      // Instead of graphql-js's validation, whose rules were the slow part of the measured attacks.
      if (errors.length > 0) setResult(errors);
    },
    onExecute({ args, executeFn, setExecuteFn, setResultAndStopExecution }) {
      const context = args.contextValue;
      const costOf = () =>
        operationCost({
          schema: args.schema,
          document: args.document,
          operationName: args.operationName,
          variables: args.variableValues,
          defaultPageSize: context.settings.defaultPageSize,
          maxPageSize: context.settings.maxPageSize,
        });
      const operation = getOperationAST(args.document, args.operationName ?? undefined);
      const fixedKey = operation && !operation.variableDefinitions?.length ? operation : null;
      let fixed = fixedKey ? fixedCosts.get(fixedKey) : undefined;
      if (fixedKey && fixed === undefined) {
        fixed = costOf();
        fixedCosts.set(fixedKey, fixed);
      }
      const { cost, upstreamCalls } = fixed ?? costOf();
      if (cost > limits.maxCost) {
        const error = limitError(
          'MAX_COST_EXCEEDED',
          'MAX_COST',
          limits.maxCost,
          `The operation would cost ${cost} (about ${upstreamCalls} upstream calls); at most ` +
            `${limits.maxCost} is allowed (MAX_COST).`,
          { cost, http: { status: 400, spec: true } },
        );
        setResultAndStopExecution({ errors: [error] });
        return;
      }
      setExecuteFn(async (executionArgs) => {
        const scope = context.operation;
        const result = await runOperation(scope, () => executeFn(executionArgs));
        if (scope.expired || scope.refusedCalls > 0) {
          context.logger.warn('operation stopped by a limit', {
            code: scope.expired ? 'OPERATION_TIMEOUT' : 'UPSTREAM_CALL_BUDGET_EXCEEDED',
            upstreamCalls: scope.upstreamCalls,
            refusedCalls: scope.refusedCalls,
          });
        }
        return result;
      });
    },
    onResultProcess({ request, result }) {
      // Here every refusal passes, those yoga answers from its parse and validation caches included.
      if (Array.isArray(result) || !('errors' in result) || 'data' in result) return;
      for (const error of result.errors ?? []) {
        const code = error.extensions?.code;
        if (!isLimitCode(code)) continue;
        logger.warn('operation refused by a limit', {
          requestId: requestIdOf(request),
          code,
          reason: error.message,
        });
      }
    },
  };
}
