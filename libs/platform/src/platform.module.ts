import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, loadConfig } from '@app/kernel';
import { ConfigurationModule } from './configuration.module.js';
import { PersistenceModule } from './persistence/persistence.module.js';
import { RedisModule } from './redis/redis.module.js';
import { CommandRunner } from './commands/command-runner.js';
import { IdempotencyInterceptor } from './commands/idempotency.js';
import { JwtAuthGuard } from './auth/jwt-auth.guard.js';
import { ProblemDetailsFilter } from './http/problem.filter.js';
import { HealthController } from './health/health.controller.js';
import { MetricsController, ProjectionMetrics } from './health/metrics.controller.js';
import { ReadinessChecks } from './health/readiness.js';

export interface PlatformOptions {
  /** Environment overrides (tests); merged over process.env. */
  env?: Record<string, string | undefined>;
}

/**
 * Everything every process needs: validated config, logging, the event store and database,
 * Redis, the command pipeline (CQRS buses, CommandRunner, idempotency), auth, health, metrics.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions = {}): DynamicModule {
    const config = loadConfig({ ...process.env, ...options.env });
    return {
      module: PlatformModule,
      global: true,
      imports: [
        ConfigurationModule.forRoot(options.env),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // Request ids double as correlation ids: taken from X-Request-Id when sane, else generated.
            genReqId: (request) => {
              const given = request.headers['x-request-id'];
              return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : crypto.randomUUID();
            },
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password'],
            autoLogging: { ignore: (request) => request.url?.startsWith('/api/v1/health') ?? false },
            customProps: () => ({ service: 'dangjian' }),
          },
        }),
        CqrsModule.forRoot(),
        JwtModule.registerAsync({
          global: true,
          inject: [AppConfig],
          useFactory: (appConfig: AppConfig) => ({
            secret: appConfig.jwtSecret,
            signOptions: { expiresIn: appConfig.jwtExpiresIn as unknown as number },
          }),
        }),
        ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: 100_000 }]),
        TerminusModule,
        PersistenceModule,
        RedisModule,
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        CommandRunner,
        ReadinessChecks,
        ProjectionMetrics,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [CommandRunner, ReadinessChecks, CqrsModule, ConfigurationModule, PersistenceModule, RedisModule],
    };
  }
}
