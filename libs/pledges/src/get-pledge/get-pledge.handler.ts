import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AppConfig, Clock } from '@app/kernel';
import { PledgeAccess } from '../application/pledge-access.js';
import { toPledgeView, type PledgeView } from './pledge-view.js';
import { GetPledgeQuery } from './get-pledge.query.js';

/** Read from the stream itself (always current); whoever reads the target reads it, others get a 404. The light is the clock's. */
@QueryHandler(GetPledgeQuery)
export class GetPledgeHandler implements IQueryHandler<GetPledgeQuery> {
  constructor(private readonly access: PledgeAccess, private readonly clock: Clock, private readonly config: AppConfig) {}

  async execute({ pledgeId, actor }: GetPledgeQuery): Promise<PledgeView> {
    const loaded = await this.access.load(pledgeId, actor, 'read');
    return toPledgeView(loaded.subject, loaded.history, this.clock.now(), this.config.escalationPolicy.pledge.yellowWithin);
  }
}
