import type { LogLevel } from './config.js';

/** Structured JSON logging, one line per event. Fields named like secrets are redacted before writing. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export type LogFields = Record<string, unknown>;

const LEVELS: Record<Exclude<LogLevel, 'silent'>, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /(secret|password|token|authorization|app_?secret|secret_?key|^sk$|signature)/i;
export const REDACTED = '[REDACTED]';

/** Deep-copies `value`, replacing anything under a secret-looking key. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? REDACTED : redact(item, depth + 1);
  }
  return out;
}

export type LogSink = (line: string) => void;

export function createLogger(options: { level: LogLevel; sink?: LogSink; fields?: LogFields }): Logger {
  const threshold = options.level === 'silent' ? Number.POSITIVE_INFINITY : LEVELS[options.level];
  const sink: LogSink = options.sink ?? ((line) => process.stdout.write(`${line}\n`));
  const base = options.fields ?? {};
  const write = (level: keyof typeof LEVELS, message: string, fields?: LogFields) => {
    if (LEVELS[level] < threshold) return;
    const record = redact({ ...base, ...fields }) as LogFields;
    sink(JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...record }));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger({ ...options, sink, fields: { ...base, ...fields } }),
  };
}

export const silentLogger: Logger = createLogger({ level: 'silent' });
