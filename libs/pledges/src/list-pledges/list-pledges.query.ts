import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/platform';
import type { PledgeSummary } from '../get-pledge/pledge-view.js';
import type { ListPledgesRequest } from './list-pledges.request.dto.js';

export class ListPledgesQuery extends Query<PledgeSummary[]> {
  constructor(readonly filter: ListPledgesRequest, readonly actor: Actor) {
    super();
  }
}
