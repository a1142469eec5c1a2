import { Controller, Get, Header, Res, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult, type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { AppConfig } from '@app/kernel';
import { Public } from '../auth/actor.js';
import { Database } from '../persistence/database.js';
import { ProjectionHost } from '../persistence/projection-host.js';
import { RedisConnection } from '../redis/redis.module.js';
import { ReadinessChecks } from './readiness.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly database: Database,
    private readonly redis: RedisConnection,
    private readonly projections: ProjectionHost,
    private readonly config: AppConfig,
    private readonly extra: ReadinessChecks,
  ) {}

  /** The process is up. */
  @Get('live')
  @Header('cache-control', 'no-store')
  live() {
    return { status: 'ok' };
  }

  /** The process can serve: database, Redis, projections not too far behind, and any registered checks. */
  @Get('ready')
  @HealthCheck()
  @Header('cache-control', 'no-store')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const { status, body } = await this.readiness();
    void reply.status(status);
    return body;
  }

  /**
   * 200 and the checks, or 503 with every check's details (which one is down and why), as
   * Terminus reports them, not a bare problem+json that would hide the reason from the operator.
   * The worker's ops server answers with the same.
   */
  async readiness(): Promise<{ status: 200 | 503; body: unknown }> {
    try {
      return { status: 200, body: await this.runChecks() };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      return { status: 503, body: error.getResponse() };
    }
  }

  private runChecks(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.check('database', async () => void (await this.database.pool.query('select 1'))),
      () => this.check('redis', async () => void (await this.redis.client.ping())),
      async () => {
        const statuses = await this.projections.statuses();
        const indicator = this.indicator.check('projections');
        const details = Object.fromEntries(statuses.map((s) => [s.name, { state: s.state, lag: s.lag, lastError: s.lastError }]));
        const lagging = statuses.filter((s) => s.state === 'failed' || (s.lag ?? 0) > this.config.readinessMaxLag);
        return lagging.length === 0 ? indicator.up(details) : indicator.down(details);
      },
      ...this.extra.all().map((c) => () => this.check(c.name, c.check)),
    ]);
  }

  private async check(name: string, probe: () => Promise<void | Record<string, unknown>>): Promise<HealthIndicatorResult> {
    const indicator = this.indicator.check(name);
    try {
      const details = await probe();
      return indicator.up(details ?? {});
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
