import type { Role } from '../domain/authorization.js';
import { UserRolesProperty } from '../application/user-roles.request.js';

export class ChangeRolesRequest {
  @UserRolesProperty()
  roles!: Role[];
}
