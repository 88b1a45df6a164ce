import { type Dispatcher, Pool } from 'undici';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { CallCancel } from './call-cancel.js';
import { CallQueue } from './call-queue.js';
import type { EndpointDescriptor } from './endpoint.js';
import { OperationLimitError, type OperationScope } from './operation-scope.js';
import { UpstreamError } from './upstream-error.js';
import type { AttemptEnd, UpstreamObserver } from './upstream-observer.js';

/**
 * One HTTP attempt against an upstream origin over a shared, bounded undici pool. Retries, breakers and
 * auth live above this layer; here we only make the call, bound it in time and size, and classify what
 * went wrong in terms the callers can act on.
 */
export type TransportSettings = Config['transport'];

export interface OutboundRequest {
  endpoint: EndpointDescriptor;
  /** Scheme, host and port, e.g. `https://service.besclouds.com`. */
  origin: string;
  path: string;
  /** Sent as is; callers set `content-type` and any auth headers. A `host` entry replaces undici's own. */
  headers: Readonly<Record<string, string>>;
  /** The exact bytes sent (signers sign this same string). */
  body: string;
  /** The operation the call is made for: its budget, deadline and log fields. None for process-wide calls (a token). */
  operation?: OperationScope | undefined;
}

export interface InboundResponse {
  status: number;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The whole body, decoded as UTF-8. */
  body: string;
}

/** Errors undici raises before a single request byte reached the server: always safe to repeat. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** A connection slot of one origin, held from the queue until the attempt on it ends. */
export interface Reservation {
  readonly pool: Pool;
  /** Frees the slot for the next waiting call; later calls do nothing. */
  release(): void;
}

/** One upstream origin: its connection pool and the queue in front of it. */
interface Origin {
  pool: Pool;
  queue: CallQueue;
}

/** The reason a call's own deadline aborts it with (a TimeoutError, as AbortSignal.timeout's). */
function callTimedOut(endpoint: string, timeoutMs: number): Error {
  return new DOMException(`${endpoint}: no complete answer within ${timeoutMs} ms`, 'TimeoutError');
}

export class HttpTransport {
  private readonly origins = new Map<string, Origin>();
  private closed = false;

  constructor(
    private readonly settings: TransportSettings,
    private readonly logger: Logger,
    private readonly observer?: UpstreamObserver,
  ) {}

  /**
   * A connection to the request's origin, at once when one is free, else once the queue (oldest
   * operation first) gets to it; nothing is sent. Refused, with the call never sent, when the
   * operation's deadline passes or it answers meanwhile (`OperationLimitError`), or the transport
   * closes. The reservation is released once, by `send` or by whoever gave up on sending.
   */
  reserve(request: OutboundRequest): Reservation | Promise<Reservation> {
    const { endpoint, operation } = request;
    try {
      // A retry due after the operation's deadline, or after it answered, is not sent at all.
      const refused = operation?.refusal(endpoint);
      if (refused) throw refused;
      const target = this.origin(request);
      const waiting = target.queue.enter(operation, (reason) =>
        (operation as OperationScope).stopError(endpoint, reason),
      );
      // Synchronous when a connection is free: a call is on its way before anything else can run.
      if (!waiting) return this.reservationOn(target, request);
      return waiting.then(
        () => this.reservationOn(target, request),
        (error: unknown) => {
          throw this.notSent(request, error);
        },
      );
    } catch (error) {
      throw this.notSent(request, error);
    }
  }

  private reservationOn(target: Origin, request: OutboundRequest): Reservation {
    let released = false;
    const reservation: Reservation = {
      pool: target.pool,
      release: () => {
        if (released) return;
        released = true;
        target.queue.leave();
      },
    };
    // Closed while it waited: never sent, so a createcall is surely not placed.
    if (this.closed) {
      reservation.release();
      throw this.notSent(request, transportClosed(request.endpoint.name));
    }
    return reservation;
  }

  /** Logs a call refused before it was sent, and gives back its error. */
  private notSent(request: OutboundRequest, error: unknown): unknown {
    const failure = error as Partial<UpstreamError | OperationLimitError>;
    // A call its operation no longer wanted is no failure worth a look.
    this.logger[failure.code === 'OPERATION_ENDED' ? 'debug' : 'warn']('upstream call not sent', {
      ...request.operation?.logFields,
      endpoint: request.endpoint.name,
      code: failure.code,
      reason: failure.message,
    });
    return error;
  }

  /**
   * Makes one attempt, on `reservation` (one of its own when none is given), and releases it. Resolves
   * with any HTTP status; rejects only with an `UpstreamError`, or an `OperationLimitError` when the
   * operation's limits stopped it.
   */
  async send(request: OutboundRequest, attempt = 1, reservation?: Reservation): Promise<InboundResponse> {
    const pending = reservation ?? this.reserve(request);
    const held = pending instanceof Promise ? await pending : pending;
    const started = performance.now();
    const { endpoint, operation } = request;
    let ended: ((end: AttemptEnd) => void) | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopWatching: (() => void) | undefined;
    try {
      ended = this.observer?.attemptStarted({ endpoint: endpoint.name, attempt });
      // undici's per-phase timeouts do not bound a slowly dripping body; this deadline bounds the total
      // from the moment the call is sent. One cancel switch, one timer and the operation's deadline per
      // call: cheaper than AbortSignal.timeout + AbortSignal.any (undici rejects with the reason).
      const cancel = new CallCancel();
      const timeoutMs = endpoint.timeoutMs ?? this.settings.requestTimeoutMs;
      timer = setTimeout(() => cancel.abort(callTimedOut(endpoint.name, timeoutMs)), timeoutMs);
      if (operation) stopWatching = operation.onExpire(() => cancel.abort(operation.signal.reason));
      const response = await held.pool.request({
        method: 'POST',
        path: request.path,
        headers: request.headers,
        body: request.body,
        signal: cancel,
      });
      const body = await this.readCapped(request, response);
      const durationMs = Math.round(performance.now() - started);
      const status = response.statusCode;
      // Failures worth a look (throttling, vendor errors) stand out at warn; routine calls stay at debug.
      const level = status === 429 || status >= 500 ? 'warn' : 'debug';
      this.logger[level]('upstream call', {
        ...operation?.logFields,
        endpoint: endpoint.name,
        attempt,
        status,
        durationMs,
      });
      ended?.({ status, durationMs });
      return { status, headers: response.headers, body };
    } catch (error) {
      const failure =
        error instanceof UpstreamError || error instanceof OperationLimitError
          ? error
          : operation?.expired
            ? abortedByDeadline(request, operation)
            : classify(request, error);
      const durationMs = Math.round(performance.now() - started);
      this.logger.warn('upstream call failed', {
        ...operation?.logFields,
        endpoint: endpoint.name,
        attempt,
        durationMs,
        code: failure.code,
        reason: failure.message,
      });
      ended?.({ errorCode: failure.code, durationMs });
      throw failure;
    } finally {
      clearTimeout(timer);
      stopWatching?.();
      held.release();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const origins = [...this.origins.values()];
    this.origins.clear();
    await Promise.all(origins.map(({ pool }) => pool.close()));
  }

  private origin({ origin, endpoint }: OutboundRequest): Origin {
    if (this.closed) throw transportClosed(endpoint.name);
    let target = this.origins.get(origin);
    if (!target) {
      const { maxConnections, connectTimeoutMs, requestTimeoutMs, maxResponseBytes } = this.settings;
      target = {
        pool: new Pool(origin, {
          connections: maxConnections,
          connectTimeout: connectTimeoutMs,
          headersTimeout: requestTimeoutMs,
          bodyTimeout: requestTimeoutMs,
          keepAliveTimeout: 10_000,
          keepAliveMaxTimeout: 60_000,
          // A body past the cap destroys its socket as it arrives (chunked bodies have no length).
          maxResponseSize: maxResponseBytes,
        }),
        // As many calls in flight as connections: the rest wait in our queue, oldest operation first.
        queue: new CallQueue(maxConnections),
      };
      this.origins.set(origin, target);
    }
    return target;
  }

  /** Reads the body up to the configured cap (undici's maxResponseSize); beyond it the socket is dropped. */
  private async readCapped(request: OutboundRequest, response: Dispatcher.ResponseData): Promise<string> {
    const cap = this.settings.maxResponseBytes;
    const tooLarge = () =>
      new UpstreamError(
        request.endpoint.repeatSafe ? 'UPSTREAM_BAD_RESPONSE' : 'UPSTREAM_OUTCOME_UNKNOWN',
        `${request.endpoint.name}: response larger than ${cap} bytes`,
        { endpoint: request.endpoint.name, httpStatus: response.statusCode },
      );
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > cap) {
      discard(response.body);
      throw tooLarge();
    }
    try {
      return await response.body.text();
    } catch (error) {
      // A body cut short (cap, abort) must not pin its socket.
      discard(response.body);
      if (errorCode(error) === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') throw tooLarge();
      throw error;
    }
  }
}

/**
 * Frees the socket behind an unread or partly read body. undici's body emits an "aborted" error when
 * destroyed; without a listener that would be an uncaught exception, so it is swallowed here on purpose.
 */
function discard(body: Dispatcher.ResponseData['body']): void {
  if (body.destroyed) return;
  body.on('error', () => {});
  body.destroy();
}

function transportClosed(endpoint: string): UpstreamError {
  return new UpstreamError('UPSTREAM_UNAVAILABLE', `${endpoint}: transport closed`, { endpoint });
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const cause = (error as { cause?: unknown }).cause;
  return cause === undefined ? undefined : errorCode(cause);
}

function isTimeout(error: unknown): boolean {
  const code = errorCode(error);
  if (code !== undefined && TIMEOUT_CODES.has(code)) return true;
  return error instanceof Error && error.name === 'TimeoutError';
}

/** A call the operation's deadline aborted: a read just stops; createcall may have reached the vendor. */
function abortedByDeadline(
  request: OutboundRequest,
  operation: OperationScope,
): UpstreamError | OperationLimitError {
  const { endpoint } = request;
  if (endpoint.repeatSafe) return operation.timeoutError(endpoint, 'aborted');
  return new UpstreamError(
    'UPSTREAM_OUTCOME_UNKNOWN',
    `${endpoint.name}: aborted after sending: the operation ran longer than ${operation.budget.timeoutMs} ms ` +
      '(OPERATION_TIMEOUT_MS); the call may have been placed',
    { endpoint: endpoint.name },
  );
}

/** Maps an undici/network failure to the error the caller can act on. */
function classify(request: OutboundRequest, error: unknown): UpstreamError {
  const endpoint = request.endpoint.name;
  const code = errorCode(error);
  const detail = { endpoint, cause: error };
  if (code !== undefined && NOT_SENT_CODES.has(code)) {
    return new UpstreamError('UPSTREAM_UNAVAILABLE', `${endpoint}: cannot connect (${code})`, detail);
  }
  if (!request.endpoint.repeatSafe) {
    // The request may have reached the vendor; repeating it could place a second call.
    const what = isTimeout(error) ? 'timed out' : `connection failed (${code ?? 'unknown'})`;
    return new UpstreamError('UPSTREAM_OUTCOME_UNKNOWN', `${endpoint}: ${what} after sending`, detail);
  }
  if (isTimeout(error)) {
    return new UpstreamError('UPSTREAM_TIMEOUT', `${endpoint}: no complete answer in time`, detail);
  }
  // Includes a connection that broke mid-body: a network failure, so reads may try again.
  return new UpstreamError(
    'UPSTREAM_UNAVAILABLE',
    `${endpoint}: connection failed (${code ?? 'unknown'})`,
    detail,
  );
}
