import { existsSync, readFileSync } from 'node:fs';
import { EscalationPolicy, parseEscalationPolicy } from './escalation-policy.js';
import { parseDuration } from './duration.js';

/** Validated configuration (DESIGN §9). Built once at start; a bad value stops the start. */
export class AppConfig {
  nodeEnv!: string;
  port!: number;
  /** `start:worker` serves /metrics and /health/* on this port (0: none). */
  workerPort!: number;
  /**
   * The niceness `start:worker` gives itself (0-19; 0: as started). Where the API and the worker
   * share cores, a positive value makes the scheduler serve the API's requests first during a burst
   * of jobs, the worker taking every cycle the API leaves. Off by default: measured once each
   * (bench:burst, 10), the board's p99 went from 52.0 to 49.1 ms and the steps came 2-5 s later.
   */
  workerNiceness!: number;
  host!: string;
  databaseUrl!: string | undefined;
  eventStore!: 'postgres' | 'kurrentdb';
  kurrentdbUrl!: string | undefined;
  redisUrl!: string;
  jwtSecret!: string;
  /** Seconds as a number (jsonwebtoken reads a unit-less string as milliseconds), or a string with a unit. */
  jwtExpiresIn!: number | string;
  bootstrapAdmin!: { username: string; password: string } | undefined;
  tzBusiness!: string;
  escalationPolicy!: EscalationPolicy;
  maxExtensions!: number;
  logLevel!: string;
  dataDir!: string;
  corsOrigins!: string[];
  bodyLimitBytes!: number;
  reconcileEveryMs!: number;
  queuePrefix!: string;
  /** Readiness fails when a projection is further behind than this many events. */
  readinessMaxLag!: number;
  /**
   * Read-your-writes: a query waits at most this long for the read models to apply everything
   * committed before it arrived (0: answer from the read models as they are).
   */
  readWaitMs!: number;
  /** Trust X-Forwarded-For (set when behind a reverse proxy). */
  trustProxy!: boolean;
  /** Run projections and reactors in this process (the worker and the all-in-one start do). */
  runBackground!: boolean;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`Invalid configuration: ${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(name, `"${raw}" is not an integer`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `${value} is outside ${min}..${max}`);
  return value;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    const parsed = new URL(raw);
    if (!protocols.includes(parsed.protocol)) throw new Error();
    return raw;
  } catch {
    throw new ConfigError(name, `"${raw}" is not a ${protocols.join(' or ')} URL`);
  }
}

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function escalationPolicy(env: Env): EscalationPolicy {
  const raw = env.ESCALATION_POLICY;
  if (raw === undefined || raw.trim() === '') return parseEscalationPolicy(undefined);
  let text = raw.trim();
  if (!text.startsWith('{')) {
    if (!existsSync(text)) throw new ConfigError('ESCALATION_POLICY', `neither JSON nor an existing file: "${raw}"`);
    text = readFileSync(text, 'utf8');
  }
  try {
    return parseEscalationPolicy(JSON.parse(text));
  } catch (error) {
    throw new ConfigError('ESCALATION_POLICY', (error as Error).message);
  }
}

export function loadConfig(env: Env = process.env): AppConfig {
  const config = new AppConfig();
  config.nodeEnv = env.NODE_ENV ?? 'development';
  const relaxed = ['development', 'test'].includes(config.nodeEnv);
  config.port = integer(env, 'PORT', 3000, 0, 65535);
  config.workerPort = integer(env, 'WORKER_PORT', 3001, 0, 65535);
  config.workerNiceness = integer(env, 'WORKER_NICENESS', 0, 0, 19);
  config.host = env.HOST ?? '127.0.0.1';
  config.databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const store = env.EVENT_STORE ?? 'postgres';
  if (store !== 'postgres' && store !== 'kurrentdb') throw new ConfigError('EVENT_STORE', `"${store}" is not postgres or kurrentdb`);
  config.eventStore = store;
  config.kurrentdbUrl = url(env, 'KURRENTDB_URL', ['kurrentdb:', 'esdb:', 'kurrentdb+discover:', 'esdb+discover:']);
  if (store === 'kurrentdb' && !config.kurrentdbUrl) {
    throw new ConfigError('KURRENTDB_URL', 'is required when EVENT_STORE=kurrentdb (e.g. kurrentdb://localhost:2113?tls=false)');
  }
  config.redisUrl = url(env, 'REDIS_URL', ['redis:', 'rediss:']) ?? 'redis://127.0.0.1:6379';
  const secret = env.JWT_SECRET;
  if (!secret) {
    if (!relaxed) throw new ConfigError('JWT_SECRET', `is required when NODE_ENV=${config.nodeEnv} (only development and test have a default)`);
    config.jwtSecret = 'development-only-secret-do-not-use-in-production';
  } else {
    if (!relaxed && secret.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters outside development/test');
    config.jwtSecret = secret;
  }
  const expiresIn = env.JWT_EXPIRES_IN ?? '8h';
  if (!/^[1-9]\d*[smhd]?$/.test(expiresIn)) throw new ConfigError('JWT_EXPIRES_IN', `"${expiresIn}" is not like 3600, 30m, 8h or 7d`);
  // A bare number means seconds; passed on as a string, jsonwebtoken would read it as milliseconds.
  config.jwtExpiresIn = /^\d+$/.test(expiresIn) ? Number(expiresIn) : expiresIn;
  const bootstrap = env.BOOTSTRAP_ADMIN;
  if (bootstrap) {
    const colon = bootstrap.indexOf(':');
    if (colon < 1 || colon === bootstrap.length - 1) throw new ConfigError('BOOTSTRAP_ADMIN', 'must be username:password');
    config.bootstrapAdmin = { username: bootstrap.slice(0, colon), password: bootstrap.slice(colon + 1) };
  }
  config.tzBusiness = env.TZ_BUSINESS ?? 'Asia/Shanghai';
  if (!validTimeZone(config.tzBusiness)) throw new ConfigError('TZ_BUSINESS', `"${config.tzBusiness}" is not an IANA time zone`);
  config.escalationPolicy = escalationPolicy(env);
  config.maxExtensions = integer(env, 'MAX_EXTENSIONS', 1, 0, 100);
  config.logLevel = env.LOG_LEVEL ?? (config.nodeEnv === 'test' ? 'warn' : 'info');
  if (!LOG_LEVELS.includes(config.logLevel)) throw new ConfigError('LOG_LEVEL', `"${config.logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);
  config.dataDir = env.DATA_DIR ?? './.data';
  config.corsOrigins = (env.CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  config.bodyLimitBytes = integer(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 104_857_600);
  try {
    config.reconcileEveryMs = parseDuration(env.RECONCILE_EVERY ?? 'PT5M');
  } catch (error) {
    throw new ConfigError('RECONCILE_EVERY', (error as Error).message);
  }
  if (config.reconcileEveryMs < 1000) throw new ConfigError('RECONCILE_EVERY', 'must be at least PT1S');
  config.queuePrefix = env.QUEUE_PREFIX ?? '{dj}';
  // Every key of a BullMQ queue must hash to one Redis Cluster slot: the prefix carries a hash tag.
  if (!/^[^{}]*\{[^{}]+\}[^{}]*$/.test(config.queuePrefix)) {
    throw new ConfigError('QUEUE_PREFIX', `"${config.queuePrefix}" must hold one hash tag in braces, like {dj}, so Redis Cluster keeps a queue on one slot`);
  }
  config.readinessMaxLag = integer(env, 'READINESS_MAX_LAG', 10_000, 0, Number.MAX_SAFE_INTEGER);
  config.readWaitMs = integer(env, 'READ_WAIT_MS', 1_000, 0, 30_000);
  config.runBackground = env.RUN_BACKGROUND !== 'false';
  config.trustProxy = env.TRUST_PROXY === 'true';
  return config;
}
