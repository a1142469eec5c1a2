import { createSecretKey } from 'node:crypto';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { AppConfig, Clock } from '@app/kernel';
import { ConfigurationModule } from './configuration.module.js';
import { PersistenceModule } from './persistence/persistence.module.js';
import { RedisModule } from './redis/redis.module.js';
import { CommandRunner } from './commands/command-runner.js';
import { IdempotencyInterceptor } from './commands/idempotency.js';
import { ReadConsistencyInterceptor } from './persistence/read-consistency.interceptor.js';
import { JwtAuthGuard } from './auth/jwt-auth.guard.js';
import { ProblemDetailsFilter } from './http/problem.filter.js';
import { HealthController } from './health/health.controller.js';
import { MetricsController, ProjectionMetrics } from './health/metrics.controller.js';
import { ReadinessChecks } from './health/readiness.js';

export interface PlatformOptions {
  /** Environment overrides (tests); merged over process.env. */
  env?: Record<string, string | undefined>;
  /** A controllable clock for tests; the system clock otherwise. */
  clock?: Clock;
}

/**
 * Everything every process needs: validated config, logging, the event store and database,
 * Redis, the command pipeline (CQRS buses, CommandRunner, idempotency), auth, health, metrics.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions = {}): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: [
        ConfigurationModule.forRoot(options.env, options.clock),
        CqrsModule.forRoot(),
        JwtModule.registerAsync({
          global: true,
          inject: [AppConfig],
          useFactory: (appConfig: AppConfig) => ({
            // A KeyObject, not the string: jsonwebtoken otherwise tries to parse the secret as a PEM
            // public key on every verify (and fails, then makes the secret key): ~1 ms of CPU per
            // authenticated request, measured, most of what a request costs the API.
            secret: createSecretKey(Buffer.from(appConfig.jwtSecret, 'utf8')),
            // jsonwebtoken's StringValue type is a template literal; the config checked the shape.
            signOptions: { expiresIn: appConfig.jwtExpiresIn as number },
          }),
        }),
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
        { provide: APP_INTERCEPTOR, useClass: ReadConsistencyInterceptor },
      ],
      exports: [CommandRunner, ReadinessChecks, CqrsModule, ConfigurationModule, PersistenceModule, RedisModule],
    };
  }
}
