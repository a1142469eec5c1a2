import { deciderSpec } from '../../../kernel/src/testing/decider-spec.js';
import type { Actor } from './authorization.js';
import { type CreateUser, type UserEvent, type UserState, standing, userDecider, userStream } from './user.decider.js';

const now = new Date('2026-03-02T08:00:00.000Z');
const at = now.toISOString();
const admin: Actor = { userId: 'u-admin', username: 'admin', orgId: 'county-lankao', roles: ['admin'] };
const supervisor: Actor = { userId: 'u-sup', username: 'jiceng.ban', orgId: 'county-lankao', roles: ['supervisor'] };
// bcrypt, cost 10 (the shape matters here, not the password behind it)
const hash = '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy';

const spec = deciderSpec(userDecider);

const createClerk = (overrides: Partial<CreateUser> = {}): CreateUser => ({
  type: 'CreateUser',
  username: 'liuji.clerk',
  passwordHash: hash,
  orgId: 'twp-liuji',
  roles: ['clerk'],
  org: { kind: 'township', merged: false },
  now,
  actor: admin,
  ...overrides,
});

const created: UserEvent = {
  type: 'UserCreated',
  data: { username: 'liuji.clerk', passwordHash: hash, orgId: 'twp-liuji', roles: ['clerk'], at },
};

describe('user decider', () => {
  it('names its stream user-<username>', () => {
    expect(userStream('liuji.clerk')).toBe('user-liuji.clerk');
  });

  describe('CreateUser', () => {
    it('creates a user with the hash only', () => {
      const events = spec.given([]).when(createClerk()).thenEvents();
      expect(events).toEqual([created]);
      expect(Object.keys(events[0].data)).not.toContain('password');
    });

    it('deduplicates roles into the canonical order', () => {
      spec
        .given([])
        .when(createClerk({ roles: ['viewer', 'clerk', 'supervisor', 'clerk'] }))
        .then([{ type: 'UserCreated', data: expect.objectContaining({ roles: ['supervisor', 'clerk', 'viewer'] }) }]);
    });

    it('refuses a duplicate username', () => {
      spec.given([created]).when(createClerk()).thenFails('USER.DUPLICATE', 'conflict');
    });

    it.each([
      ['a two-letter username', { username: 'lj' }],
      ['a username with a space', { username: 'liu ji' }],
      ['a username with a space', { username: 'liu ji' }],
      ['a username of 65 characters', { username: 'a'.repeat(65) }],
      ['a plain password instead of a hash', { passwordHash: 'correct horse battery staple' }],
      ['no roles', { roles: [] }],
      ['an unknown role', { roles: ['clerk', 'root' as never] }],
    ] as Array<[string, Partial<CreateUser>]>)('refuses %s', (_what, overrides) => {
      spec.given([]).when(createClerk(overrides)).thenFails('USER.INVALID', 'invalid');
    });

    it('does not echo a plain password in the error', () => {
      let message = '';
      try {
        userDecider.decide(createClerk({ passwordHash: 'secret-pass-123' }), userDecider.initialState());
      } catch (error) {
        message = JSON.stringify({ ...(error as object), message: (error as Error).message });
      }
      expect(message).toContain('USER.INVALID');
      expect(message).not.toContain('secret-pass-123');
    });

    it('refuses an unknown or merged organisation', () => {
      spec.given([]).when(createClerk({ org: null })).thenFails('USER.UNKNOWN_ORG', 'unprocessable');
      spec.given([]).when(createClerk({ org: { kind: 'township', merged: true } })).thenFails('USER.ORG_MERGED', 'unprocessable');
    });
  });

  describe('ChangeUserRoles', () => {
    it('changes roles, keeping the previous ones in the event', () => {
      spec
        .given([created])
        .when({ type: 'ChangeUserRoles', roles: ['clerk', 'supervisor'], now, actor: admin })
        .then([
          {
            type: 'UserRolesChanged',
            data: { username: 'liuji.clerk', roles: ['supervisor', 'clerk'], previousRoles: ['clerk'], at },
          },
        ]);
    });

    it('does nothing for the same set of roles', () => {
      spec.given([created]).when({ type: 'ChangeUserRoles', roles: ['clerk', 'clerk'], now, actor: admin }).thenNothing();
    });

    it('refuses an empty set and an unknown user', () => {
      spec.given([created]).when({ type: 'ChangeUserRoles', roles: [], now, actor: admin }).thenFails('USER.INVALID', 'invalid');
      spec.given([]).when({ type: 'ChangeUserRoles', roles: ['viewer'], now, actor: admin }).thenFails('USER.NOT_FOUND', 'not_found');
    });

    it('refuses an admin removing its own admin role', () => {
      const adminCreated: UserEvent = {
        type: 'UserCreated',
        data: { username: 'admin', passwordHash: hash, orgId: 'county-lankao', roles: ['admin'], at },
      };
      spec
        .given([adminCreated])
        .when({ type: 'ChangeUserRoles', roles: ['viewer'], now, actor: admin })
        .thenFails('USER.SELF_DEMOTION', 'conflict');
    });

    it('folds the new roles', () => {
      const changed: UserEvent = {
        type: 'UserRolesChanged',
        data: { username: 'liuji.clerk', roles: ['viewer'], previousRoles: ['clerk'], at },
      };
      expect(spec.given([created, changed]).state).toMatchObject({ status: 'active', roles: ['viewer'] });
    });
  });

  describe('DisableUser', () => {
    const disabled: UserEvent = { type: 'UserDisabled', data: { username: 'liuji.clerk', reason: '调离', at } };

    it('disables a user, who then takes no further commands', () => {
      spec.given([created]).when({ type: 'DisableUser', reason: ' 调离 ', now, actor: admin }).then([disabled]);
      const given = spec.given([created, disabled]);
      expect(given.state).toMatchObject({ status: 'disabled', disabledAt: at });
      given.when({ type: 'DisableUser', now, actor: admin }).thenFails('USER.DISABLED', 'conflict');
      given.when({ type: 'ChangeUserRoles', roles: ['viewer'], now, actor: admin }).thenFails('USER.DISABLED', 'conflict');
    });

    it('refuses an admin disabling itself', () => {
      const adminCreated: UserEvent = {
        type: 'UserCreated',
        data: { username: 'admin', passwordHash: hash, orgId: 'county-lankao', roles: ['admin'], at },
      };
      spec.given([adminCreated]).when({ type: 'DisableUser', now, actor: admin }).thenFails('USER.SELF_DISABLE', 'conflict');
    });
  });
});

describe('a token holder\'s standing', () => {
  const user: UserState = { status: 'active', username: 'jiceng.ban', passwordHash: hash, orgId: 'county-lankao', roles: ['supervisor', 'viewer'], createdAt: at };
  it('stands while active with the same organisation and roles (in any order)', () => {
    expect(standing(user, { orgId: 'county-lankao', roles: ['viewer', 'supervisor'] })).toBe('ok');
  });
  it('is inactive once disabled or when the user does not exist', () => {
    expect(standing({ ...user, status: 'disabled', disabledAt: at }, supervisor)).toBe('inactive');
    expect(standing({ status: 'none' }, supervisor)).toBe('inactive');
  });
  it('has changed when the roles or the organisation are no longer the token\'s', () => {
    expect(standing(user, { orgId: 'county-lankao', roles: ['supervisor'] })).toBe('changed');
    expect(standing(user, { orgId: 'twp-a', roles: ['supervisor', 'viewer'] })).toBe('changed');
  });
});
