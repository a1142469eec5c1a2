import { refusal } from '../../../kernel/src/testing/refusal.js';
import { ACCESS_FORBIDDEN, ROLES, type Actor } from './authorization.js';
import { authorizeUserCommand } from './user.policy.js';

const actor = (roles: Actor['roles']): Actor => ({ userId: 'u-1', username: 'someone', orgId: 'county-lankao', roles });

describe('user policy (who may manage users)', () => {
  it('lets an administrator through', () => {
    expect(refusal(() => authorizeUserCommand(actor(['admin'])))).toBeNull();
    expect(refusal(() => authorizeUserCommand(actor(['viewer', 'admin'])))).toBeNull();
  });

  it('refuses every other role, and no role, with 403', () => {
    for (const roles of [...ROLES.filter((role) => role !== 'admin').map((role) => [role]), ROLES.filter((role) => role !== 'admin'), []]) {
      expect(refusal(() => authorizeUserCommand(actor(roles)))).toEqual({ code: ACCESS_FORBIDDEN, kind: 'forbidden' });
    }
  });
});
