import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/platform';
import type { PledgeView } from './pledge-view.js';

export class GetPledgeQuery extends Query<PledgeView> {
  constructor(readonly pledgeId: string, readonly actor: Actor) {
    super();
  }
}
