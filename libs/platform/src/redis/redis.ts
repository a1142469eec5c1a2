import { Redis, type RedisOptions } from 'ioredis';

/**
 * ioredis settings that survive a Redis restart: reconnect forever with a capped back-off,
 * and (for BullMQ workers) never fail a command because of a reconnect.
 */
export function redisOptions(overrides: RedisOptions = {}): RedisOptions {
  return {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
    ...overrides,
  };
}

export function createRedis(url: string, overrides: RedisOptions = {}): Redis {
  return new Redis(url, redisOptions(overrides));
}

/**
 * Fails within seconds, naming REDIS_URL and how to start Redis, when it is not reachable
 * at start; afterwards the connections reconnect by themselves.
 */
export async function assertRedisReachable(url: string, timeoutMs = 3000): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  probe.on('error', () => undefined);
  try {
    await Promise.race([
      probe.connect().then(() => probe.ping()),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
  } catch (error) {
    throw new Error(
      `Redis is not reachable at REDIS_URL=${url} (${(error as Error).message}). ` +
        `Start Redis (e.g. "redis-server --daemonize yes", or "docker compose -f docker/compose.yml up -d redis") or set REDIS_URL.`,
      { cause: error },
    );
  } finally {
    probe.disconnect();
  }
}
