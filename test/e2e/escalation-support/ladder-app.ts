import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApplication, PlatformModule } from '@app/platform';
import { AccessModule } from '@app/access';
import { EscalationModule } from '@app/escalation';
import { PledgeTestSourceModule } from './pledge-test-source.js';

/** Seconds-long ladder for `pledge` deadlines: remind 2 s before, warn 2 s after, escalate 4 s after. */
export const FAST_POLICY = JSON.stringify({ pledge: { remindBefore: ['PT2S'], yellowWithin: 'PT1S', warnAfter: 'PT2S', escalateAfter: 'PT4S' } });

@Module({})
class LadderTestModule {
  static forRoot(env: Record<string, string>, worker: boolean): DynamicModule {
    return {
      module: LadderTestModule,
      imports: [
        PlatformModule.forRoot({ env }),
        AccessModule.forRoot(env),
        EscalationModule.forRoot({ worker, env }),
        PledgeTestSourceModule,
        ...extraModules.map((make) => make(env, worker)),
      ],
    };
  }
}

/** Other modules a test wants in the app (e.g. notifications), given the env. */
export const extraModules: Array<(env: Record<string, string>, worker: boolean) => DynamicModule> = [];

export function ladderEnv(databaseUrl: string, prefix: string, more: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    RUN_BACKGROUND: 'true',
    LOG_LEVEL: 'error',
    QUEUE_PREFIX: prefix,
    ESCALATION_POLICY: FAST_POLICY,
    RECONCILE_EVERY: 'PT1H',
    LADDER_LOCK_MS: '2000',
    LADDER_STALLED_INTERVAL_MS: '1000',
    ...more,
  };
}

/** The API and worker side in this process, on HTTP (port 0). */
export async function startLadderHttp(env: Record<string, string>): Promise<NestFastifyApplication> {
  const app = await createHttpApplication(LadderTestModule.forRoot(env, true), env);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

/** A worker process's modules (no HTTP). */
export async function startLadderWorker(env: Record<string, string>): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(LadderTestModule.forRoot(env, true), { logger: ['error'] });
  await app.init();
  return app;
}
