import { Controller, Get, Header, Injectable, type OnModuleInit } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { collectDefaultMetrics, Gauge, register } from 'prom-client';
import { Public } from '../auth/actor.js';
import { ProjectionHost } from '../persistence/projection-host.js';

/** Prometheus metrics at /metrics (outside the API prefix, like every scraper expects). */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('content-type', register.contentType)
  async metrics(): Promise<string> {
    return register.metrics();
  }
}

// prom-client's registry is process-wide; the gauge reads the host of the app started last.
let currentHost: ProjectionHost | undefined;

@Injectable()
export class ProjectionMetrics implements OnModuleInit {
  constructor(private readonly projections: ProjectionHost) {}

  onModuleInit(): void {
    currentHost = this.projections;
    if (register.getSingleMetric('projection_lag_events')) return;
    if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
    new Gauge({
      name: 'projection_lag_events',
      help: 'Events between a projection or reactor checkpoint and the head of the store',
      labelNames: ['name', 'kind'],
      async collect() {
        this.reset();
        for (const status of (await currentHost?.statuses()) ?? []) {
          if (status.lag !== null) this.set({ name: status.name, kind: status.kind }, status.lag);
        }
      },
    });
  }
}
