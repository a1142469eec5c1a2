import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/kernel';
import type { OrganizationView } from './organization-view.js';

export class GetOrganizationQuery extends Query<OrganizationView> {
  constructor(readonly actor: Actor, readonly orgId: string) {
    super();
  }
}
