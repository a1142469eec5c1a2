import { type Decider, type DomainEvent, type FieldError, assertNever, conflict, invalid, notFound, unprocessable } from '@app/kernel';
import { type Actor, type Role, ROLES, isRole } from './authorization.js';
import type { OrgRef } from './organization.decider.js';

export const userStream = (username: string) => `user-${username}`;

const USERNAME = /^[A-Za-z0-9._-]{3,64}$/;
export const USERNAME_RULE = '3..64 characters among letters, digits, dot, underscore and dash (case-sensitive)';

export function isUsername(value: unknown): value is string {
  return typeof value === 'string' && USERNAME.test(value);
}

/*
 * The decider never sees a password: the handler hashes it (bcrypt) and passes the hash. A
 * hash in modular crypt form starts with `$<scheme>$`; refusing anything else keeps a plain
 * password from ever reaching an event by mistake.
 */
const PASSWORD_HASH = /^\$[a-z0-9-]+\$\S{20,}$/;

interface CommandBase {
  now: Date;
  /** Who may send a user command is the user policy's (domain/user.policy.ts); the actor here is for the rules about its own account. */
  actor: Actor;
}

export interface CreateUser extends CommandBase {
  type: 'CreateUser';
  username: string;
  passwordHash: string;
  orgId: string;
  roles: Role[];
  /** The organisation named by `orgId`, looked up by the handler; null when it does not exist. */
  org: OrgRef | null;
}
export interface ChangeUserRoles extends CommandBase {
  type: 'ChangeUserRoles';
  roles: Role[];
}
export interface DisableUser extends CommandBase {
  type: 'DisableUser';
  reason?: string | null;
}
export type UserCommand = CreateUser | ChangeUserRoles | DisableUser;

export type UserCreated = DomainEvent<
  'UserCreated',
  { username: string; passwordHash: string; orgId: string; roles: Role[]; at: string }
>;
export type UserRolesChanged = DomainEvent<
  'UserRolesChanged',
  { username: string; roles: Role[]; previousRoles: Role[]; at: string }
>;
export type UserDisabled = DomainEvent<'UserDisabled', { username: string; reason: string | null; at: string }>;
export type UserEvent = UserCreated | UserRolesChanged | UserDisabled;

export const USER_EVENT_TYPES: ReadonlyArray<UserEvent['type']> = ['UserCreated', 'UserRolesChanged', 'UserDisabled'];

export interface User {
  username: string;
  /** The login handler compares against it; it never leaves the server. */
  passwordHash: string;
  orgId: string;
  roles: Role[];
  createdAt: string;
}
export type UserState =
  | { status: 'none' }
  | ({ status: 'active' } & User)
  | ({ status: 'disabled'; disabledAt: string } & User);

/** Roles deduplicated, in the canonical order, so equal sets compare equal; null when unacceptable. */
function normalizeRoles(roles: unknown): Role[] | null {
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) return null;
  return ROLES.filter((role) => roles.includes(role));
}

const rolesMessage = `roles must be a non-empty subset of ${ROLES.join(', ')}`;

function create(command: CreateUser, state: UserState): UserEvent[] {
  const fieldErrors: FieldError[] = [];
  if (!isUsername(command.username)) fieldErrors.push({ field: 'username', messages: [`username must be ${USERNAME_RULE}`] });
  if (typeof command.passwordHash !== 'string' || !PASSWORD_HASH.test(command.passwordHash)) {
    // Says nothing about the value: it may be a password typed into the wrong place.
    fieldErrors.push({ field: 'password', messages: ['password was not hashed'] });
  }
  const roles = normalizeRoles(command.roles);
  if (roles === null) fieldErrors.push({ field: 'roles', messages: [rolesMessage] });
  if (fieldErrors.length > 0) throw invalid('USER.INVALID', 'The user is not valid', fieldErrors);

  if (state.status !== 'none') throw conflict('USER.DUPLICATE', `User ${command.username} already exists`);
  if (command.org === null) throw unprocessable('USER.UNKNOWN_ORG', `Organisation ${command.orgId} does not exist`);
  if (command.org.merged) throw unprocessable('USER.ORG_MERGED', `Organisation ${command.orgId} was merged`);
  return [
    {
      type: 'UserCreated',
      data: {
        username: command.username,
        passwordHash: command.passwordHash,
        orgId: command.orgId,
        roles: roles!,
        at: command.now.toISOString(),
      },
    },
  ];
}

function active(state: UserState): Extract<UserState, { status: 'active' }> {
  if (state.status === 'none') throw notFound('USER.NOT_FOUND', 'User not found');
  if (state.status === 'disabled') throw conflict('USER.DISABLED', `User ${state.username} is disabled`);
  return state;
}

function decide(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'CreateUser':
      return create(command, state);
    case 'ChangeUserRoles': {
      const user = active(state);
      const roles = normalizeRoles(command.roles);
      if (roles === null) throw invalid('USER.INVALID', 'The roles are not valid', [{ field: 'roles', messages: [rolesMessage] }]);
      if (roles.join() === user.roles.join()) return [];
      // An admin taking away its own admin role could leave nobody to manage users.
      if (command.actor.username === user.username && !roles.includes('admin')) {
        throw conflict('USER.SELF_DEMOTION', 'An administrator cannot remove its own admin role');
      }
      return [
        {
          type: 'UserRolesChanged',
          data: { username: user.username, roles, previousRoles: user.roles, at: command.now.toISOString() },
        },
      ];
    }
    case 'DisableUser': {
      const user = active(state);
      if (command.actor.username === user.username) throw conflict('USER.SELF_DISABLE', 'An administrator cannot disable itself');
      const reason = command.reason?.trim() || null;
      return [{ type: 'UserDisabled', data: { username: user.username, reason, at: command.now.toISOString() } }];
    }
    default:
      return assertNever(command, 'user command');
  }
}

function initialState(): UserState {
  return { status: 'none' };
}

function evolve(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserCreated': {
      const { username, passwordHash, orgId, roles, at } = event.data;
      return { status: 'active', username, passwordHash, orgId, roles, createdAt: at };
    }
    case 'UserRolesChanged':
      return state.status === 'none' ? state : { ...state, roles: event.data.roles };
    case 'UserDisabled':
      return state.status === 'none' ? state : { ...state, status: 'disabled', disabledAt: event.data.at };
    default:
      return assertNever(event, 'user event');
  }
}

export const userDecider: Decider<UserState, UserCommand, UserEvent> = { initialState, decide, evolve };

/**
 * Whether a signed-in user still stands as its token says: `inactive` once disabled (or never
 * created), `changed` when its organisation or roles are no longer the token's, else `ok`.
 */
export function standing(state: UserState, claims: Pick<Actor, 'orgId' | 'roles'>): 'ok' | 'inactive' | 'changed' {
  if (state.status !== 'active') return 'inactive';
  const sameRoles = state.roles.length === claims.roles.length && state.roles.every((r) => claims.roles.includes(r));
  return state.orgId === claims.orgId && sameRoles ? 'ok' : 'changed';
}
