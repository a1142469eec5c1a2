import { Module, type OnModuleInit } from '@nestjs/common';
import { ProjectionRegistry } from '@app/platform';
import { DeadlineSources } from './deadlines/deadline-source.js';
import { DeadlinesProjection } from './deadlines/deadlines.projection.js';
import { DeadlineBoardQuery } from './deadlines/deadline-board.query.js';
import { DeadlinesController } from './deadlines/deadlines.http.controller.js';

/**
 * Deadlines of every kind (the board, the read model the reconciler rebuilds jobs from) and the
 * escalation ladder. Contexts register a DeadlineSource for their subjects.
 */
@Module({
  controllers: [DeadlinesController],
  providers: [DeadlineSources, DeadlineBoardQuery],
  exports: [DeadlineSources, DeadlineBoardQuery],
})
export class EscalationModule implements OnModuleInit {
  constructor(private readonly registry: ProjectionRegistry, private readonly sources: DeadlineSources) {}

  onModuleInit(): void {
    this.registry.register(new DeadlinesProjection(this.sources));
  }
}
