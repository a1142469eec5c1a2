import { Global, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '@app/kernel';
import { assertRedisReachable, createRedis } from './redis.js';

/** The shared Redis connection (for health checks and small things; BullMQ makes its own). */
export abstract class RedisConnection {
  abstract readonly client: Redis;
}

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(private readonly connection: RedisConnection) {}
  async onApplicationShutdown(): Promise<void> {
    await this.connection.client.quit().catch(() => this.connection.client.disconnect());
  }
}

@Global()
@Module({
  providers: [
    {
      provide: RedisConnection,
      inject: [AppConfig],
      useFactory: async (config: AppConfig): Promise<RedisConnection> => {
        await assertRedisReachable(config.redisUrl);
        return { client: createRedis(config.redisUrl) };
      },
    },
    RedisLifecycle,
  ],
  exports: [RedisConnection],
})
export class RedisModule {}
