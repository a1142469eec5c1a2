import { Module, Optional, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { OrganizationDirectory } from '@app/access';
import { ProjectionRegistry } from '@app/platform';
import { DeadlineSources } from './deadlines/deadline-source.js';
import { BoardQueues } from './jobs/board-queues.js';
import { DeadlinesProjection } from './deadlines/deadlines.projection.js';
import { DeadlineBoardQuery } from './deadlines/deadline-board.query.js';
import { DeadlinesController } from './deadlines/deadlines.http.controller.js';
import { EscalationJobsModule, type EscalationJobsOptions } from './jobs/escalation-jobs.module.js';

/**
 * Deadlines of every kind (the board, the read model the reconciler rebuilds jobs from) and the
 * escalation ladder. Contexts register a DeadlineSource for their subjects by importing this
 * (static) module; the composition root adds the ladder's jobs with `EscalationModule.forRoot`.
 */
@Module({
  controllers: [DeadlinesController],
  providers: [DeadlineSources, DeadlineBoardQuery, BoardQueues],
  exports: [DeadlineSources, DeadlineBoardQuery, BoardQueues],
})
export class EscalationModule implements OnModuleInit {
  /**
   * The deadlines plus the ladder on BullMQ (scheduler reactor, queue, metrics; with `worker`
   * the worker, reconciler and Job Schedulers). A separate module class, so the static
   * EscalationModule (and its one DeadlineSources) stays shared with the contexts that import it.
   */
  static forRoot(options: EscalationJobsOptions): DynamicModule {
    return EscalationJobsModule.forRoot(options, EscalationModule);
  }

  constructor(
    private readonly registry: ProjectionRegistry,
    private readonly sources: DeadlineSources,
    @Optional() private readonly organizations?: OrganizationDirectory,
  ) {}

  onModuleInit(): void {
    this.registry.register(new DeadlinesProjection(this.sources, this.organizations));
  }
}
