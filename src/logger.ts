import { type DestinationStream, type Logger as PinoLogger, pino } from 'pino';
import { prettyFactory } from 'pino-pretty';
import type { LogLevel, ObservabilityConfig } from './config.js';

/**
 * Structured logging over pino: one JSON line per event on stdout (pino-pretty when asked). Fields named
 * like secrets are redacted and phone numbers masked before a line is written. A request's lines carry
 * its id through the loggers and fields handed down with it (the context's logger, the operation
 * scope's log fields), not through an AsyncLocalStorage (costly for every promise on Node 20).
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export type LogFields = Record<string, unknown>;

const SECRET_KEY = /(secret|password|token|authorization|app_?secret|secret_?key|^sk$|signature)/i;
/** Fields holding a phone number: caller, callee, called, callerPresent, callerNumber, phoneNumber, softphone… */
const PHONE_KEY = /^(call(er|ee|ed)(present|number|no)?|routednumber|(soft)?phone(number|no)?)$/i;
export const REDACTED = '[REDACTED]';

export type PhoneNumberMode = ObservabilityConfig['logPhoneNumbers'];

/** Keeps the last four characters: `13800001234` → `*******1234`; four or fewer are hidden whole. */
export function maskPhoneNumber(value: string): string {
  const kept = value.length > 4 ? value.slice(-4) : '';
  return '*'.repeat(value.length - kept.length) + kept;
}

const MAX_DEPTH = 6;
export const TOO_DEEP = '[too deep]';

/**
 * Deep-copies `value`, replacing anything under a secret-looking key. Values nested deeper than six
 * levels are returned unchecked: callers that keep them must drop them (the simulator's request log does).
 */
export function redact(value: unknown, depth = 0): unknown {
  return scrub(value, { maskPhones: false, dropTooDeep: false }, depth);
}

interface ScrubRules {
  /** Mask the values of phone-number keys. */
  maskPhones: boolean;
  /** Replace objects nested past the depth limit, which were not checked, by `TOO_DEEP`. */
  dropTooDeep: boolean;
}

function scrub(value: unknown, rules: ScrubRules, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return rules.dropTooDeep ? TOO_DEEP : value;
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((item) => scrub(item, rules, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const item = (value as Record<string, unknown>)[key];
    const kind = keyKind(key);
    if (kind === 'secret') out[key] = REDACTED;
    else if (kind === 'phone' && rules.maskPhones && (typeof item === 'string' || typeof item === 'number'))
      out[key] = maskPhoneNumber(String(item));
    else out[key] = scrub(item, rules, depth + 1);
  }
  return out;
}

type KeyKind = 'secret' | 'phone' | 'plain';
const keyKinds = new Map<string, KeyKind>();
const MAX_REMEMBERED_KEYS = 1_000;

/** What a field name holds. Log lines repeat the same few names, so verdicts are remembered (bounded). */
function keyKind(key: string): KeyKind {
  const known = keyKinds.get(key);
  if (known) return known;
  const kind = SECRET_KEY.test(key) ? 'secret' : PHONE_KEY.test(key) ? 'phone' : 'plain';
  if (keyKinds.size < MAX_REMEMBERED_KEYS) keyKinds.set(key, kind);
  return kind;
}

/** Receives each line without its newline (tests collect them). */
export type LogSink = (line: string) => void;

export interface LoggerOptions {
  level: LogLevel;
  /** Where lines go instead of stdout. */
  sink?: LogSink;
  /** 'pretty': human-readable lines (pino-pretty) instead of JSON. */
  format?: ObservabilityConfig['logFormat'];
  /** 'mask' (the default) or 'full'. */
  phoneNumbers?: PhoneNumberMode;
  fields?: LogFields;
}

export function createLogger(options: LoggerOptions): Logger {
  const rules: ScrubRules = { maskPhones: (options.phoneNumbers ?? 'mask') === 'mask', dropTooDeep: true };
  const instance = pino(
    {
      level: options.level,
      // No pid and hostname: the container runtime adds where a line came from.
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (record) => scrub(record, rules, 0) as LogFields,
      },
    },
    destinationOf(options),
  );
  return adapt(instance, options.fields ?? {});
}

type Level = 'debug' | 'info' | 'warn' | 'error';

/** Log output waiting for a stalled stdout, at most. */
const MAX_UNWRITTEN_LOG_BYTES = 16 * 1024 * 1024;

function destinationOf({ sink, format }: LoggerOptions): DestinationStream {
  // Asynchronous: a write(2) per line cost about a sixth of an operation's CPU; lines logged while one
  // write is under way go out together with the next. pino flushes what is left synchronously on
  // process exit (process.exit included), so only a SIGKILL can lose the last lines. Should stdout
  // stall, lines beyond MAX_UNWRITTEN_LOG_BYTES are dropped rather than held. Tests' sinks see each
  // line at once.
  const lines: DestinationStream = sink
    ? { write: (line) => sink(line.replace(/\n$/, '')) }
    : pino.destination({ dest: 1, sync: false, maxLength: MAX_UNWRITTEN_LOG_BYTES });
  if (format !== 'pretty') return lines;
  const prettify = prettyFactory({ colorize: !sink && process.stdout.isTTY === true });
  return { write: (line) => lines.write(prettify(line)) };
}

/** Our small interface over pino; bound fields first, so a call's own fields win. */
function adapt(instance: PinoLogger<never>, bound: LogFields): Logger {
  const write = (level: Level, message: string, fields?: LogFields) => {
    if (!instance.isLevelEnabled(level)) return;
    instance[level]({ ...bound, ...fields }, message);
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    child: (fields) => adapt(instance, { ...bound, ...fields }),
  };
}

export const silentLogger: Logger = createLogger({ level: 'silent', sink: () => {} });
