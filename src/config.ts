import { z } from 'zod';
import {
  blankAsUnset,
  integer,
  isOrigin,
  optionalFlag,
  optionalInteger,
  optionalString,
  timezone,
  url,
} from './config-fields.js';

/**
 * The configuration contract. Every setting comes from the environment and is parsed here, once;
 * other tools rely on these variable names, so keep them.
 */
const envSchema = z.object({
  NODE_ENV: z.preprocess(
    (value) => (typeof value === 'string' ? blankAsUnset(value.trim().toLowerCase()) : value),
    z.enum(['production', 'development', 'test']).default('development'),
  ),
  PORT: integer(0, 65535, 4000),
  HOST: optionalString,
  WEB_CONCURRENCY: integer(1, 64, 1),
  AUTH_JWT_SECRET: z.preprocess(
    blankAsUnset,
    z.string().min(32, 'must be at least 32 characters (256 bits) for HS256').optional(),
  ),
  AUTH_JWKS_URL: url,
  AUTH_ISSUER: optionalString,
  AUTH_AUDIENCE: optionalString,
  AUTH_CLOCK_TOLERANCE_SECONDS: integer(0, 300, 30),
  CORS_ORIGINS: z.preprocess(
    blankAsUnset,
    z
      .string()
      .optional()
      .transform((list) =>
        (list ?? '')
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z.url({ protocol: /^https?$/ }).refine(isOrigin, 'must be an origin: scheme, host, port only'),
        ),
      ),
  ),
  GRAPHQL_INTROSPECTION: optionalFlag,
  GRAPHIQL: optionalFlag,
  // 64 KiB is far above any real operation here and refuses the big abusive documents unread.
  MAX_REQUEST_BYTES: integer(1024, 64 * 1024 * 1024, 64 * 1024),
  MAX_TOKENS: integer(10, 1_000_000, 2_000),
  MAX_DEPTH: integer(2, 1_000, 15),
  MAX_ALIASES: integer(0, 10_000, 20),
  MAX_DIRECTIVES: integer(0, 10_000, 20),
  MAX_REPEATED_FIELDS: integer(1, 10_000, 10),
  MAX_COST: integer(1, 100_000_000, 20_000),
  MAX_UPSTREAM_CALLS_PER_OPERATION: integer(1, 100_000, 200),
  MAX_CALLS_PER_OPERATION: integer(0, 1_000, 5),
  OPERATION_TIMEOUT_MS: integer(100, 600_000, 30_000),
  CEC_BASE_URL: url,
  CEC_APP_KEY: optionalString,
  CEC_APP_SECRET: optionalString,
  CEC_TOKEN_TTL_SECONDS: integer(60, 3600, 600),
  CMS_BASE_URL: url,
  CMS_ACCESS_KEY: optionalString,
  CMS_SECRET_KEY: optionalString,
  CMS_CC_ID: integer(1, 65535, 1),
  CMS_TIMEZONE: timezone,
  CEC_ACCESS_CODE_MAX_OFFSET: integer(0, 1_000_000, 100),
  MAX_PAGE_SIZE: integer(1, 10_000, 500),
  UPSTREAM_CONNECT_TIMEOUT_MS: integer(1, 120_000, 2_000),
  UPSTREAM_REQUEST_TIMEOUT_MS: integer(1, 300_000, 10_000),
  UPSTREAM_MAX_CONNECTIONS: integer(1, 1024, 32),
  UPSTREAM_MAX_RESPONSE_BYTES: integer(1024, 512 * 1024 * 1024, 16 * 1024 * 1024),
  LOG_LEVEL: z.preprocess(blankAsUnset, z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info')),
  LOG_FORMAT: z.preprocess(blankAsUnset, z.enum(['json', 'pretty']).default('json')),
  LOG_PHONE_NUMBERS: z.preprocess(blankAsUnset, z.enum(['mask', 'full']).default('mask')),
  METRICS_PORT: optionalInteger(1, 65535),
  OTEL_EXPORTER_OTLP_ENDPOINT: url,
  OTEL_SERVICE_NAME: z.preprocess(blankAsUnset, z.string().trim().default('cec-graphql')),
  READY_CACHE_SECONDS: integer(0, 3600, 5),
  SHUTDOWN_TIMEOUT_MS: integer(0, 600_000, 10_000),
  REDIS_URL: z.preprocess(blankAsUnset, z.url({ protocol: /^rediss?$/ }).optional()),
  IDEMPOTENCY_TTL_SECONDS: integer(1, 30 * 86_400, 86_400),
  CALL_RATE_LIMIT_PER_MINUTE: integer(1, 100_000, 30),
});

/** Settings of a real tenant; without CEC_BASE_URL they would be silently replaced by the simulator's. */
const TENANT_SETTINGS = [
  'CEC_APP_KEY',
  'CEC_APP_SECRET',
  'CMS_BASE_URL',
  'CMS_ACCESS_KEY',
  'CMS_SECRET_KEY',
] as const;

const configSchema = envSchema.superRefine((e, context) => {
  const verifier = e.AUTH_JWT_SECRET || e.AUTH_JWKS_URL;
  for (const name of ['AUTH_ISSUER', 'AUTH_AUDIENCE'] as const) {
    if (e[name] && !verifier) {
      context.addIssue({ code: 'custom', path: [name], message: 'needs AUTH_JWT_SECRET or AUTH_JWKS_URL' });
    }
  }
  // Keys fetched over plain HTTP could be swapped by anyone on the path: HTTPS outside development.
  if (e.NODE_ENV === 'production' && e.AUTH_JWKS_URL?.startsWith('http:')) {
    context.addIssue({
      code: 'custom',
      path: ['AUTH_JWKS_URL'],
      message: 'must be https when NODE_ENV=production',
    });
  }
  if (e.AUTH_JWT_SECRET && e.AUTH_JWKS_URL) {
    context.addIssue({
      code: 'custom',
      path: ['AUTH_JWKS_URL'],
      message: 'set AUTH_JWT_SECRET or AUTH_JWKS_URL, not both',
    });
  }
  if (e.NODE_ENV === 'production' && !e.AUTH_JWT_SECRET && !e.AUTH_JWKS_URL) {
    context.addIssue({
      code: 'custom',
      path: ['AUTH_JWT_SECRET'],
      message: 'NODE_ENV=production needs client authentication: set AUTH_JWT_SECRET or AUTH_JWKS_URL',
    });
  }
  if (e.WEB_CONCURRENCY > 1) {
    // In-process keys and counts would be per worker: a retry on another worker could call twice.
    if (!e.REDIS_URL) {
      context.addIssue({
        code: 'custom',
        path: ['WEB_CONCURRENCY'],
        message:
          'more than one worker needs REDIS_URL: the workers must share idempotency keys and call counts',
      });
    }
    if (!e.CEC_BASE_URL) {
      context.addIssue({
        code: 'custom',
        path: ['WEB_CONCURRENCY'],
        message: 'more than one worker needs CEC_BASE_URL: each worker would embed a simulator of its own',
      });
    }
  }
  const present = TENANT_SETTINGS.filter((name) => e[name]);
  if (e.CEC_BASE_URL) {
    for (const name of TENANT_SETTINGS.filter((n) => !e[n])) {
      context.addIssue({ code: 'custom', path: [name], message: 'required when CEC_BASE_URL is set' });
    }
  } else if (present.length > 0) {
    context.addIssue({
      code: 'custom',
      path: ['CEC_BASE_URL'],
      message: `required when ${present.join(', ')} ${present.length === 1 ? 'is' : 'are'} set (unset them to use the embedded simulator)`,
    });
  }
});

/** Where the /apiaccess interfaces and tokenByAkSk live, and the app's bearer-token credentials (tokenByAkSk). */
export interface CecUpstreamConfig {
  baseUrl: string;
  appKey: string;
  appSecret: string;
}

/** Where CC-CMS lives, and the AK/SK that sign its requests (auth-v2). */
export interface CmsUpstreamConfig {
  baseUrl: string;
  accessKey: string;
  secretKey: string;
}

export interface UpstreamConfig {
  cec: CecUpstreamConfig;
  cms: CmsUpstreamConfig;
}

/** How clients authenticate: bearer JWTs, verified with a shared secret or a JWKS. */
export interface ClientAuthConfig {
  jwtSecret: string | null;
  jwksUrl: string | null;
  issuer: string | null;
  audience: string | null;
  clockToleranceSeconds: number;
}

/** Limits that hold against abusive operations; each rejects before any upstream call. */
export interface OperationLimits {
  maxRequestBytes: number;
  maxTokens: number;
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxRepeatedFields: number;
  maxCost: number;
  maxUpstreamCallsPerOperation: number;
  maxCallsPerOperation: number;
  operationTimeoutMs: number;
}

export interface SecurityConfig {
  /** 'production' with NODE_ENV=production; anything else is development. */
  mode: 'production' | 'development';
  /** Null: open to every client (refused in production). */
  clientAuth: ClientAuthConfig | null;
  corsOrigins: string[];
  introspection: boolean;
  graphiql: boolean;
  limits: OperationLimits;
}

export interface Config {
  /** host defaults to 127.0.0.1 while the server runs open, 0.0.0.0 once clients must authenticate. */
  server: {
    port: number;
    host: string;
    /** WEB_CONCURRENCY: processes serving the port (node:cluster workers); 1 serves in this process. */
    workers: number;
  };
  security: SecurityConfig;
  /** Null when CEC_BASE_URL is unset: main.ts then starts the embedded simulator and points here at it. */
  upstream: UpstreamConfig | null;
  auth: { tokenTtlSeconds: number };
  callRecords: { defaultCcId: number; timezone: string };
  transport: {
    connectTimeoutMs: number;
    requestTimeoutMs: number;
    maxConnections: number;
    maxResponseBytes: number;
  };
  paging: { maxPageSize: number; accessCodeMaxOffset: number };
  logLevel: LogLevel;
  observability: ObservabilityConfig;
  /** How long /ready may answer from its last check. */
  readiness: { cacheSeconds: number };
  /** How long in-flight operations get after SIGTERM/SIGINT before the process exits anyway. */
  shutdown: { timeoutMs: number };
  callSafety: CallSafetyConfig;
}

export interface ObservabilityConfig {
  /** 'json' (one pino line per event) everywhere unless a human asks for 'pretty'. */
  logFormat: 'json' | 'pretty';
  /** 'mask' keeps phone numbers out of logs and traces (the default); 'full' is for debugging. */
  logPhoneNumbers: 'mask' | 'full';
  /** Serve /metrics on this port instead of the GraphQL port; null: on the GraphQL port. */
  metricsPort: number | null;
  /** Traces are exported to this OTLP/HTTP endpoint; null: tracing is off. */
  otlpEndpoint: string | null;
  serviceName: string;
}

/** Idempotency keys and per-client call limits of createAnonymousCall. */
export interface CallSafetyConfig {
  /** Null: the store lives in this process (one replica). */
  redisUrl: string | null;
  idempotencyTtlSeconds: number;
  callRateLimitPerMinute: number;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const clientAuth = e.AUTH_JWT_SECRET || e.AUTH_JWKS_URL ? clientAuthOf(e) : null;
  const development = e.NODE_ENV !== 'production';
  return {
    server: {
      port: e.PORT,
      host: e.HOST ?? (clientAuth ? '0.0.0.0' : '127.0.0.1'),
      workers: e.WEB_CONCURRENCY,
    },
    security: {
      mode: development ? 'development' : 'production',
      clientAuth,
      corsOrigins: e.CORS_ORIGINS,
      introspection: e.GRAPHQL_INTROSPECTION ?? development,
      graphiql: e.GRAPHIQL ?? development,
      limits: {
        maxRequestBytes: e.MAX_REQUEST_BYTES,
        maxTokens: e.MAX_TOKENS,
        maxDepth: e.MAX_DEPTH,
        maxAliases: e.MAX_ALIASES,
        maxDirectives: e.MAX_DIRECTIVES,
        maxRepeatedFields: e.MAX_REPEATED_FIELDS,
        maxCost: e.MAX_COST,
        maxUpstreamCallsPerOperation: e.MAX_UPSTREAM_CALLS_PER_OPERATION,
        maxCallsPerOperation: e.MAX_CALLS_PER_OPERATION,
        operationTimeoutMs: e.OPERATION_TIMEOUT_MS,
      },
    },
    upstream: e.CEC_BASE_URL ? realUpstream(e) : null,
    auth: { tokenTtlSeconds: e.CEC_TOKEN_TTL_SECONDS },
    callRecords: { defaultCcId: e.CMS_CC_ID, timezone: e.CMS_TIMEZONE },
    transport: {
      connectTimeoutMs: e.UPSTREAM_CONNECT_TIMEOUT_MS,
      requestTimeoutMs: e.UPSTREAM_REQUEST_TIMEOUT_MS,
      maxConnections: e.UPSTREAM_MAX_CONNECTIONS,
      maxResponseBytes: e.UPSTREAM_MAX_RESPONSE_BYTES,
    },
    paging: { maxPageSize: e.MAX_PAGE_SIZE, accessCodeMaxOffset: e.CEC_ACCESS_CODE_MAX_OFFSET },
    logLevel: e.LOG_LEVEL,
    observability: {
      logFormat: e.LOG_FORMAT,
      logPhoneNumbers: e.LOG_PHONE_NUMBERS,
      metricsPort: e.METRICS_PORT ?? null,
      otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT ?? null,
      serviceName: e.OTEL_SERVICE_NAME,
    },
    readiness: { cacheSeconds: e.READY_CACHE_SECONDS },
    shutdown: { timeoutMs: e.SHUTDOWN_TIMEOUT_MS },
    callSafety: {
      redisUrl: e.REDIS_URL ?? null,
      idempotencyTtlSeconds: e.IDEMPOTENCY_TTL_SECONDS,
      callRateLimitPerMinute: e.CALL_RATE_LIMIT_PER_MINUTE,
    },
  };
}

function clientAuthOf(e: z.infer<typeof envSchema>): ClientAuthConfig {
  return {
    jwtSecret: e.AUTH_JWT_SECRET ?? null,
    jwksUrl: e.AUTH_JWKS_URL ?? null,
    issuer: e.AUTH_ISSUER ?? null,
    audience: e.AUTH_AUDIENCE ?? null,
    clockToleranceSeconds: e.AUTH_CLOCK_TOLERANCE_SECONDS,
  };
}

/** Only called once the schema has checked that every tenant setting is present. */
function realUpstream(e: z.infer<typeof envSchema>): UpstreamConfig {
  return {
    cec: { baseUrl: e.CEC_BASE_URL ?? '', appKey: e.CEC_APP_KEY ?? '', appSecret: e.CEC_APP_SECRET ?? '' },
    cms: {
      baseUrl: e.CMS_BASE_URL ?? '',
      accessKey: e.CMS_ACCESS_KEY ?? '',
      secretKey: e.CMS_SECRET_KEY ?? '',
    },
  };
}
