import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AppConfig, Clock } from '@app/kernel';
import { ScopedSubjects } from '@app/access';
import type { Pledge } from '../domain/pledge.decider.js';
import { toPledgeSummary, type PledgeSummary } from '../get-pledge/pledge-view.js';
import { PLEDGES_TABLE } from './pledges.projection.js';
import { ListPledgesQuery } from './list-pledges.query.js';

/** GET /pledges: scoped as GET /notices (the caller's subtree; a target outside it 404), newest first, from the read model; lights of now. */
@QueryHandler(ListPledgesQuery)
export class ListPledgesHandler implements IQueryHandler<ListPledgesQuery> {
  constructor(private readonly subjects: ScopedSubjects, private readonly clock: Clock, private readonly config: AppConfig) {}

  async execute({ filter, actor }: ListPledgesQuery): Promise<PledgeSummary[]> {
    const rows = await this.subjects.list<Pledge>(PLEDGES_TABLE, actor, {
      targetOrgId: filter.targetOrgId,
      status: filter.status,
      limit: filter.limit ?? 100,
      offset: filter.offset ?? 0,
    });
    const now = this.clock.now();
    const yellowWithin = this.config.escalationPolicy.pledge.yellowWithin;
    return rows.map((row) => toPledgeSummary(row.state, row.revision, now, yellowWithin));
  }
}
