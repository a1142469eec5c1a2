import { Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { DeadlineSources, EscalationModule } from '@app/escalation';
import { PledgeAccess } from './application/pledge-access.js';
import { pledgeDeadlineSource } from './application/pledge-deadline-source.js';
import { CreatePledgeHandler } from './create-pledge/create-pledge.handler.js';
import { PledgeActionHandler } from './pledge-actions/pledge-action.handler.js';
import { PledgesController } from './http/pledges.http.controller.js';

/**
 * Pledges (承诺 / 责任书): responsibility letters between a supervisor and a direct child (signed by
 * both) and public pledges (published by the pledging organisation); progress, fulfilment with
 * evidence, inspections and evaluations. Read from the stream (GET /pledges/:id); item due times
 * run on the deadline board and the escalation ladder. OrganizationDirectory comes from the
 * (global) AccessModule.
 */
@Module({})
export class PledgesModule implements OnModuleInit {
  constructor(private readonly deadlines: DeadlineSources) {}

  static forRoot(): DynamicModule {
    return {
      module: PledgesModule,
      imports: [EscalationModule],
      controllers: [PledgesController],
      providers: [PledgeAccess, CreatePledgeHandler, PledgeActionHandler],
    };
  }

  onModuleInit(): void {
    this.deadlines.register(pledgeDeadlineSource);
  }
}
