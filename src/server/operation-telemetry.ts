import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  trace,
} from '@opentelemetry/api';
import { type DocumentNode, getOperationAST, Kind } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import type { GraphQLContext } from '../schema/context.js';
import { isPlainName } from '../telemetry/bounded-labels.js';
import type { Metrics } from '../telemetry/metrics.js';
import { tracer } from '../telemetry/tracer.js';
import { requestIdOf } from './request-id.js';

/**
 * What every GraphQL operation leaves behind: one `operation` log line at info (name, type, duration,
 * error codes), the operation families of `Metrics`, and a server span that continues the client's
 * W3C trace (`traceparent`) and is the parent of the upstream spans (src/telemetry/upstream-telemetry.ts).
 */

type Outcome = 'success' | 'error' | 'refused';

interface OperationRecord {
  started: number;
  name: string | null;
  type: string | null;
  span?: Span;
  /** The operation's own logger (with the subject) once its context exists. */
  logger?: Logger;
  result?: { outcome: Outcome; errorCodes: string[] };
}

const headerGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

export function useOperationTelemetry(options: { logger: Logger; metrics: Metrics }): Plugin<GraphQLContext> {
  const { logger, metrics } = options;
  const records = new WeakMap<Request, OperationRecord>();

  const finish = (request: Request) => {
    const record = records.get(request);
    records.delete(request);
    // Requests that never became an operation (GraphiQL assets, /metrics, a refused body) end here.
    if (!record?.result) {
      record?.span?.end();
      return;
    }
    const { outcome, errorCodes } = record.result;
    const durationMs = Math.round(performance.now() - record.started);
    const type = record.type ?? 'unknown';
    const labels = { operation_name: metrics.operationLabel(record.name), operation_type: type };
    metrics.operations.inc({ ...labels, outcome });
    metrics.operationDuration.observe(labels, durationMs / 1000);
    for (const code of errorCodes) metrics.errors.inc({ code });
    const span = record.span;
    const traceId = span?.isRecording() ? span.spanContext().traceId : undefined;
    if (span) {
      span.updateName(spanName(record));
      span.setAttribute('graphql.operation.type', type);
      const name = plainName(record.name);
      if (name !== null) span.setAttribute('graphql.operation.name', name);
      if (errorCodes.length > 0) {
        span.setAttribute('cec.graphql.error_codes', errorCodes);
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorCodes.join(',') });
      }
      span.end();
    }
    (record.logger ?? logger).info('operation', {
      // Bound already when the operation got its context; refused earlier, it has none.
      requestId: requestIdOf(request),
      operationName: record.name,
      operationType: type,
      outcome,
      durationMs,
      errorCodes,
      ...(traceId ? { traceId } : {}),
    });
  };

  return {
    instrumentation: {
      request({ request }, wrapped) {
        records.set(request, { started: performance.now(), name: null, type: null });
        return settle(wrapped, () => finish(request));
      },
      operation({ request }, wrapped) {
        const record = records.get(request);
        const parent = propagation.extract(ROOT_CONTEXT, request.headers, headerGetter);
        const span = tracer().startSpan(
          'graphql.operation',
          { kind: SpanKind.SERVER, attributes: { 'cec.request_id': requestIdOf(request) } },
          parent,
        );
        if (record) record.span = span;
        metrics.operationsInFlight.inc();
        const run = () => settle(wrapped, () => metrics.operationsInFlight.dec());
        // The upstream spans find their parent here.
        return context.with(trace.setSpan(parent, span), run);
      },
    },
    onParams({ params, request }) {
      const record = records.get(request);
      if (record && typeof params.operationName === 'string') record.name = logged(params.operationName);
    },
    onParse({ context: initial }) {
      return ({ result }) => {
        const record = records.get(initial.request);
        if (!record || !isDocument(result)) return;
        const operation = getOperationAST(result, initial.params.operationName);
        if (!operation) return;
        record.type = operation.operation;
        if (operation.name) record.name = logged(operation.name.value);
      };
    },
    onExecute({ args }) {
      const operationContext = args.contextValue;
      const record = records.get(operationContext.request);
      if (!record) return;
      if (record.span?.isRecording()) {
        // Every line of a traced operation names its trace: its own, and its upstream calls'.
        const traceId = record.span.spanContext().traceId;
        operationContext.logger = operationContext.logger.child({ traceId });
        operationContext.operation.addLogFields({ traceId });
      }
      record.logger = operationContext.logger;
      // The variables at debug only (phone numbers masked, secrets redacted like every field).
      operationContext.logger.debug('operation started', {
        operationName: record.name,
        operationType: record.type,
        variables: args.variableValues ?? {},
      });
    },
    onResultProcess({ request, result }) {
      const record = records.get(request);
      if (!record || Array.isArray(result) || !('errors' in result || 'data' in result)) return;
      const errors = result.errors ?? [];
      const errorCodes = errors.map((error) => {
        const code = error.extensions?.code;
        return typeof code === 'string' && CODE.test(code) ? code : 'UNCODED';
      });
      // Refused: no data at all (a request error: parse, validation, a limit, authentication).
      const outcome: Outcome = errors.length === 0 ? 'success' : 'data' in result ? 'error' : 'refused';
      record.result = { outcome, errorCodes };
    },
  };
}

function spanName(record: OperationRecord): string {
  if (record.type === null) return 'graphql.operation';
  const name = plainName(record.name);
  return name === null ? record.type : `${record.type} ${name}`;
}

/** A name fit for a span: client-chosen, so only a plain GraphQL name of at most 64 characters. */
function plainName(name: string | null): string | null {
  return name !== null && isPlainName(name) ? name : null;
}

/** The name as the client sent it, cut short: a log field, never a label. */
function logged(name: string): string {
  return name.slice(0, 128);
}

function isDocument(value: unknown): value is DocumentNode {
  return typeof value === 'object' && value !== null && (value as DocumentNode).kind === Kind.DOCUMENT;
}

/**
 * Calls `wrapped`, then `after` once it has settled either way, passing its outcome on. yoga's
 * instrumentation hands out thenables that are not always native promises (already settled ones).
 */
function settle<T>(wrapped: () => T | PromiseLike<T>, after: () => void): T | Promise<T> {
  let result: T | PromiseLike<T>;
  try {
    result = wrapped();
  } catch (error) {
    after();
    throw error;
  }
  if (!isThenable(result)) {
    after();
    return result;
  }
  return Promise.resolve(result).then(
    (value) => {
      after();
      return value;
    },
    (error: unknown) => {
      after();
      throw error;
    },
  );
}

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | null)?.then === 'function';
}
