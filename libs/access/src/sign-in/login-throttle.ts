import { Injectable } from '@nestjs/common';
import { AppConfig, DomainError } from '@app/kernel';
import { RedisConnection } from '@app/platform';

export const LOGIN_WINDOW_SECONDS = 15 * 60;
export const MAX_FAILURES_PER_USERNAME = 5;
/** Higher than per username: many people may sign in from behind one office NAT. */
export const MAX_FAILURES_PER_IP = 30;

/**
 * Counts failed sign-ins per username and per client address in Redis (a fixed window from
 * the first failure). Once either count is reached, every attempt answers 429 until the window
 * ends, even with the right password, so guessing gains nothing. Redis being disposable only
 * resets the counters.
 */
@Injectable()
export class LoginThrottle {
  private readonly prefix: string;

  constructor(private readonly redis: RedisConnection, config: AppConfig) {
    this.prefix = `${config.queuePrefix}:login-failures`;
  }

  private keys(username: string, ip: string) {
    return { user: `${this.prefix}:user:${username.toLowerCase()}`, ip: `${this.prefix}:ip:${ip}` };
  }

  async assertAllowed(username: string, ip: string): Promise<void> {
    const keys = this.keys(username, ip);
    const [[, user], [, userTtl], [, byIp], [, ipTtl]] = (await this.redis.client
      .multi()
      .get(keys.user)
      .ttl(keys.user)
      .get(keys.ip)
      .ttl(keys.ip)
      .exec()) as Array<[Error | null, unknown]>;
    const waits: number[] = [];
    if (Number(user ?? 0) >= MAX_FAILURES_PER_USERNAME) waits.push(Number(userTtl));
    if (Number(byIp ?? 0) >= MAX_FAILURES_PER_IP) waits.push(Number(ipTtl));
    if (waits.length > 0) {
      const retryAfterSeconds = Math.max(1, ...waits);
      throw new DomainError('throttled', 'AUTH.THROTTLED', 'Too many failed sign-ins; try again later.', { retryAfterSeconds });
    }
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    const keys = this.keys(username, ip);
    // NX: the window starts at the first failure and is not extended by later ones.
    await this.redis.client
      .multi()
      .incr(keys.user)
      .expire(keys.user, LOGIN_WINDOW_SECONDS, 'NX')
      .incr(keys.ip)
      .expire(keys.ip, LOGIN_WINDOW_SECONDS, 'NX')
      .exec();
  }

  async recordSuccess(username: string): Promise<void> {
    await this.redis.client.del(this.keys(username, '').user);
  }
}
