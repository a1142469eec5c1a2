import { Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@app/kernel';
import { ScopedSubjects } from '@app/access';
import { DeadlineSources, EscalationModule } from '@app/escalation';
import { CommandRunner, ProjectionRegistry } from '@app/platform';
import { PledgeAccess } from './application/pledge-access.js';
import { PledgeCommandShell } from './application/pledge-command-shell.js';
import { pledgeDeadlineSource } from './application/pledge-deadline-source.js';
import { CreatePledgeHandler } from './create-pledge/create-pledge.handler.js';
import { SignPledgeHandler } from './sign-pledge/sign-pledge.handler.js';
import { ProgressPledgeItemHandler } from './progress-pledge-item/progress-pledge-item.handler.js';
import { FulfilPledgeItemHandler } from './fulfil-pledge-item/fulfil-pledge-item.handler.js';
import { InspectPledgeHandler } from './inspect-pledge/inspect-pledge.handler.js';
import { EvaluatePledgeHandler } from './evaluate-pledge/evaluate-pledge.handler.js';
import { GetPledgeHandler } from './get-pledge/get-pledge.handler.js';
import { ListPledgesHandler } from './list-pledges/list-pledges.handler.js';
import { pledgesProjection } from './list-pledges/pledges.projection.js';
import { CommitmentsReactor } from './take-over-commitments/commitments.reactor.js';
import { PledgesController } from './http/pledges.http.controller.js';

/**
 * Pledges (承诺 / 责任书), one folder per use case: responsibility letters between a supervisor and a
 * direct child (signed by both, or in force at once when they hold a held conversation's
 * commitments) and public pledges (published by the pledging organisation); progress, fulfilment
 * with evidence, inspections and evaluations. One read from the stream (GET /pledges/:id), the list
 * from `read.pledges` (folded with the decider's evolve); item due times run on the deadline board
 * and the escalation ladder. OrganizationDirectory comes from the (global) AccessModule.
 */
@Module({})
export class PledgesModule implements OnModuleInit {
  constructor(
    private readonly deadlines: DeadlineSources,
    private readonly registry: ProjectionRegistry,
    private readonly runner: CommandRunner,
    private readonly config: AppConfig,
  ) {}

  static forRoot(): DynamicModule {
    return {
      module: PledgesModule,
      imports: [EscalationModule],
      controllers: [PledgesController],
      providers: [
        PledgeAccess,
        PledgeCommandShell,
        ScopedSubjects,
        CreatePledgeHandler,
        SignPledgeHandler,
        ProgressPledgeItemHandler,
        FulfilPledgeItemHandler,
        InspectPledgeHandler,
        EvaluatePledgeHandler,
        GetPledgeHandler,
        ListPledgesHandler,
      ],
    };
  }

  onModuleInit(): void {
    this.deadlines.register(pledgeDeadlineSource);
    this.registry.register(pledgesProjection());
    this.registry.registerReactor(new CommitmentsReactor(this.runner, this.config.tzBusiness));
  }
}
