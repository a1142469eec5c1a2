import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/kernel';
import type { OrganizationView } from '../get-organization/organization-view.js';

export class ListOrganizationsQuery extends Query<OrganizationView[]> {
  constructor(readonly actor: Actor, readonly filter: { parentId?: string; limit?: number }) {
    super();
  }
}
