import {
  deterministicId,
  type Decider,
  type DomainEvent,
  type FieldError,
  assertNever,
  conflict,
  invalid,
  notFound,
  unprocessable,
} from '@app/kernel';
import { type OrgKind, isOrgKind, isOrganizationId, normalizeOrganizationName, placementProblem, ORG_ID_RULE } from './organization.rules.js';

export const organizationStream = (id: string) => `org-${id}`;

// ---------------------------------------------------------------------------------------------
// Commands. Facts about other aggregates (the parent, the merge target) are looked up by the
// handler and passed in: the decider never reads anything itself. Who may send a command is
// organization.policy.ts's question, asked before the decider: the decider judges the transition.

/** What the handler knows about another organisation; null when it does not exist. */
export interface OrgRef {
  kind: OrgKind;
  merged: boolean;
}

interface CommandBase {
  now: Date;
  /**
   * Set when the command is the effect of another event (a published ranking, a follow-up): the
   * decided events get ids derived from it, so a reactor that runs again appends nothing twice.
   */
  effectId?: string;
}

export interface RegisterOrganization extends CommandBase {
  type: 'RegisterOrganization';
  id: string;
  name: string;
  kind: OrgKind;
  parentId: string | null;
  /** The parent named by `parentId`, or null when no such organisation exists. Ignored without a parentId. */
  parent: OrgRef | null;
}
export interface RenameOrganization extends CommandBase {
  type: 'RenameOrganization';
  name: string;
}
export interface MergeOrganization extends CommandBase {
  type: 'MergeOrganization';
  intoId: string;
  /** The organisation named by `intoId`, or null when it does not exist. */
  into: OrgRef | null;
}
export interface AppointSecretary extends CommandBase {
  type: 'AppointSecretary';
  name: string;
  userId?: string | null;
}
export interface DesignateBackward extends CommandBase {
  type: 'DesignateBackward';
  reason: string;
}
export interface RestoreFromBackward extends CommandBase {
  type: 'RestoreFromBackward';
  reason?: string | null;
}
export interface AwardPlaque extends CommandBase {
  type: 'AwardPlaque';
  plaque: string;
  reason: string;
}
export interface RevokePlaque extends CommandBase {
  type: 'RevokePlaque';
  plaque: string;
  reason: string;
}

/** Where a recommendation or commendation comes from: a published ranking or a conversation's follow-up. */
export type ConsequenceBasis =
  | { kind: 'ranking'; supervisorOrgId: string; period: string; version: number; rank: number }
  | { kind: 'conversation'; conversationId: string };

/** 表彰: commended for its place in a published ranking (the top three). */
export interface CommendOrganization extends CommandBase {
  type: 'CommendOrganization';
  reason: string;
  basis: ConsequenceBasis;
}
/** 予以调整: the secretary should be adjusted (bottom two years running; a conversation that did not help). */
export interface RecommendSecretaryAdjustment extends CommandBase {
  type: 'RecommendSecretaryAdjustment';
  reason: string;
  basis: ConsequenceBasis;
}

export type OrganizationCommand =
  | CommendOrganization
  | RecommendSecretaryAdjustment
  | RegisterOrganization
  | RenameOrganization
  | MergeOrganization
  | AppointSecretary
  | DesignateBackward
  | RestoreFromBackward
  | AwardPlaque
  | RevokePlaque;

// ---------------------------------------------------------------------------------------------
// Events: every one names the organisation and carries the business time as an ISO string.

export interface Secretary {
  name: string;
  userId: string | null;
}

export type OrganizationRegistered = DomainEvent<
  'OrganizationRegistered',
  { orgId: string; name: string; kind: OrgKind; parentId: string | null; at: string }
>;
export type OrganizationRenamed = DomainEvent<
  'OrganizationRenamed',
  { orgId: string; name: string; previousName: string; at: string }
>;
export type OrganizationMerged = DomainEvent<'OrganizationMerged', { orgId: string; intoId: string; at: string }>;
export type SecretaryAppointed = DomainEvent<'SecretaryAppointed', { orgId: string; secretary: Secretary; at: string }>;
export type SecretaryReplaced = DomainEvent<
  'SecretaryReplaced',
  { orgId: string; previous: Secretary; next: Secretary; at: string }
>;
export type OrganizationDesignatedBackward = DomainEvent<
  'OrganizationDesignatedBackward',
  { orgId: string; reason: string; at: string }
>;
export type OrganizationRestored = DomainEvent<
  'OrganizationRestored',
  { orgId: string; reason: string | null; at: string }
>;
export type PlaqueAwarded = DomainEvent<'PlaqueAwarded', { orgId: string; plaque: string; reason: string; at: string }>;
export type PlaqueRevoked = DomainEvent<'PlaqueRevoked', { orgId: string; plaque: string; reason: string; at: string }>;

export type OrganizationCommended = DomainEvent<
  'OrganizationCommended',
  { orgId: string; reason: string; basis: ConsequenceBasis; at: string }
>;
/** `secretary` is who held the office when it was recommended (null: none recorded). */
export type SecretaryAdjustmentRecommended = DomainEvent<
  'SecretaryAdjustmentRecommended',
  { orgId: string; secretary: Secretary | null; reason: string; basis: ConsequenceBasis; at: string }
>;

export type OrganizationEvent =
  | OrganizationCommended
  | SecretaryAdjustmentRecommended
  | OrganizationRegistered
  | OrganizationRenamed
  | OrganizationMerged
  | SecretaryAppointed
  | SecretaryReplaced
  | OrganizationDesignatedBackward
  | OrganizationRestored
  | PlaqueAwarded
  | PlaqueRevoked;

export const ORGANIZATION_EVENT_TYPES: ReadonlyArray<OrganizationEvent['type']> = [
  'OrganizationRegistered',
  'OrganizationRenamed',
  'OrganizationMerged',
  'SecretaryAppointed',
  'SecretaryReplaced',
  'OrganizationDesignatedBackward',
  'OrganizationRestored',
  'PlaqueAwarded',
  'PlaqueRevoked',
  'OrganizationCommended',
  'SecretaryAdjustmentRecommended',
];

// ---------------------------------------------------------------------------------------------
// State

export interface Organization {
  id: string;
  name: string;
  kind: OrgKind;
  parentId: string | null;
  registeredAt: string;
  secretary: Secretary | null;
  backward: { reason: string; since: string } | null;
  plaques: string[];
}

export type OrganizationState =
  | { status: 'unregistered' }
  | ({ status: 'active' } & Organization)
  /** Kept for history (timelines, past reports); closed for new commands. */
  | ({ status: 'merged'; mergedInto: string; mergedAt: string } & Organization);

// ---------------------------------------------------------------------------------------------
// decide

const REASON_MAX = 1000;
const PERSON_NAME_MAX = 50;
const PLAQUE_MAX = 100;

function text(field: string, value: unknown, max: number, code: string): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  const length = [...trimmed].length;
  if (length < 1 || length > max) {
    const messages = [`${field} must be 1..${max} characters`];
    throw invalid(code, messages[0], [{ field, messages }]);
  }
  return trimmed;
}

function existing(state: OrganizationState): Exclude<OrganizationState, { status: 'unregistered' }> {
  if (state.status === 'unregistered') throw notFound('ORG.NOT_FOUND', 'Organisation not found');
  return state;
}

function open(state: OrganizationState): Extract<OrganizationState, { status: 'active' }> {
  const org = existing(state);
  if (org.status === 'merged') {
    throw conflict('ORG.MERGED', `Organisation ${org.id} was merged into ${org.mergedInto}`, { mergedInto: org.mergedInto });
  }
  return org;
}

function register(command: RegisterOrganization, state: OrganizationState): OrganizationEvent[] {
  const fieldErrors: FieldError[] = [];
  if (!isOrganizationId(command.id)) fieldErrors.push({ field: 'id', messages: [`id must be ${ORG_ID_RULE}`] });
  const name = normalizeOrganizationName(command.name);
  if (name === null) fieldErrors.push({ field: 'name', messages: ['name must be 1..100 characters'] });
  if (!isOrgKind(command.kind)) {
    fieldErrors.push({ field: 'kind', messages: ['kind must be county, township, village, organ or enterprise'] });
  }
  if (command.parentId !== null && !isOrganizationId(command.parentId)) {
    fieldErrors.push({ field: 'parentId', messages: [`parentId must be ${ORG_ID_RULE}`] });
  }
  if (fieldErrors.length > 0) throw invalid('ORG.INVALID', 'The organisation is not valid', fieldErrors);

  if (state.status !== 'unregistered') throw conflict('ORG.DUPLICATE', `Organisation ${command.id} already exists`);

  const { kind, parentId, parent } = command;
  if (parentId !== null) {
    if (parent === null) throw unprocessable('ORG.UNKNOWN_PARENT', `Parent organisation ${parentId} does not exist`);
    if (parent.merged) throw unprocessable('ORG.PARENT_MERGED', `Parent organisation ${parentId} was merged`);
  }
  const problem = placementProblem(kind, parentId, parentId === null ? null : parent!.kind);
  if (problem) {
    throw problem.code === 'ORG.INVALID_PARENT_KIND'
      ? unprocessable(problem.code, problem.message)
      : invalid(problem.code, problem.message, [{ field: 'parentId', messages: [problem.message] }]);
  }
  return [
    {
      type: 'OrganizationRegistered',
      data: { orgId: command.id, name: name!, kind, parentId, at: command.now.toISOString() },
    },
  ];
}

function decide(command: OrganizationCommand, state: OrganizationState): OrganizationEvent[] {
  const events = command.type === 'RegisterOrganization' ? register(command, state) : decideOnExisting(command, state);
  const { effectId } = command;
  return effectId === undefined ? events : events.map((event, i) => ({ ...event, eventId: deterministicId('org-effect', effectId, i) }));
}

function decideOnExisting(command: Exclude<OrganizationCommand, RegisterOrganization>, state: OrganizationState): OrganizationEvent[] {
  const at = command.now.toISOString();
  const found = existing(state);
  switch (command.type) {
    case 'RenameOrganization': {
      const org = open(found);
      const name = normalizeOrganizationName(command.name);
      if (name === null) {
        throw invalid('ORG.INVALID', 'The name is not valid', [{ field: 'name', messages: ['name must be 1..100 characters'] }]);
      }
      if (name === org.name) return [];
      return [{ type: 'OrganizationRenamed', data: { orgId: org.id, name, previousName: org.name, at } }];
    }
    case 'MergeOrganization': {
      const org = open(found);
      if (command.intoId === org.id) throw invalid('ORG.MERGE_INTO_SELF', 'An organisation cannot be merged into itself');
      if (command.into === null) {
        throw unprocessable('ORG.UNKNOWN_MERGE_TARGET', `Organisation ${command.intoId} does not exist`);
      }
      if (command.into.merged) {
        throw unprocessable('ORG.MERGE_TARGET_MERGED', `Organisation ${command.intoId} was itself merged`);
      }
      // Same kind only (村 into 村, 乡镇 into 乡镇): with the placement rules this also rules out
      // merging an organisation into one of its own descendants.
      if (command.into.kind !== org.kind) {
        throw unprocessable('ORG.MERGE_KIND_MISMATCH', `A ${org.kind} can only be merged into another ${org.kind}`);
      }
      return [{ type: 'OrganizationMerged', data: { orgId: org.id, intoId: command.intoId, at } }];
    }
    case 'AppointSecretary': {
      const org = open(found);
      const next: Secretary = {
        name: text('name', command.name, PERSON_NAME_MAX, 'ORG.INVALID_SECRETARY'),
        userId: command.userId ?? null,
      };
      if (org.secretary === null) return [{ type: 'SecretaryAppointed', data: { orgId: org.id, secretary: next, at } }];
      if (org.secretary.name === next.name && org.secretary.userId === next.userId) return [];
      return [{ type: 'SecretaryReplaced', data: { orgId: org.id, previous: org.secretary, next, at } }];
    }
    case 'DesignateBackward': {
      const org = open(found);
      const reason = text('reason', command.reason, REASON_MAX, 'ORG.REASON_REQUIRED');
      if (org.backward) throw conflict('ORG.ALREADY_BACKWARD', `Organisation ${org.id} is already designated backward`);
      return [{ type: 'OrganizationDesignatedBackward', data: { orgId: org.id, reason, at } }];
    }
    case 'RestoreFromBackward': {
      const org = open(found);
      const reason =
        command.reason === undefined || command.reason === null || command.reason.trim() === ''
          ? null
          : text('reason', command.reason, REASON_MAX, 'ORG.REASON_REQUIRED');
      if (!org.backward) throw conflict('ORG.NOT_BACKWARD', `Organisation ${org.id} is not designated backward`);
      return [{ type: 'OrganizationRestored', data: { orgId: org.id, reason, at } }];
    }
    case 'AwardPlaque': {
      const org = open(found);
      const plaque = text('plaque', command.plaque, PLAQUE_MAX, 'ORG.INVALID_PLAQUE');
      const reason = text('reason', command.reason, REASON_MAX, 'ORG.REASON_REQUIRED');
      if (org.plaques.includes(plaque)) throw conflict('ORG.PLAQUE_ALREADY_AWARDED', `${org.id} already holds ${plaque}`);
      return [{ type: 'PlaqueAwarded', data: { orgId: org.id, plaque, reason, at } }];
    }
    case 'RevokePlaque': {
      const org = open(found);
      const plaque = text('plaque', command.plaque, PLAQUE_MAX, 'ORG.INVALID_PLAQUE');
      const reason = text('reason', command.reason, REASON_MAX, 'ORG.REASON_REQUIRED');
      if (!org.plaques.includes(plaque)) throw conflict('ORG.PLAQUE_NOT_HELD', `${org.id} does not hold ${plaque}`);
      return [{ type: 'PlaqueRevoked', data: { orgId: org.id, plaque, reason, at } }];
    }
    case 'CommendOrganization': {
      const org = open(found);
      const reason = text('reason', command.reason, REASON_MAX, 'ORG.REASON_REQUIRED');
      return [{ type: 'OrganizationCommended', data: { orgId: org.id, reason, basis: command.basis, at } }];
    }
    case 'RecommendSecretaryAdjustment': {
      const org = open(found);
      const reason = text('reason', command.reason, REASON_MAX, 'ORG.REASON_REQUIRED');
      return [{ type: 'SecretaryAdjustmentRecommended', data: { orgId: org.id, secretary: org.secretary, reason, basis: command.basis, at } }];
    }
    default:
      return assertNever(command, 'organization command');
  }
}

// ---------------------------------------------------------------------------------------------
// evolve

function initialState(): OrganizationState {
  return { status: 'unregistered' };
}

function evolve(state: OrganizationState, event: OrganizationEvent): OrganizationState {
  if (event.type === 'OrganizationRegistered') {
    const { orgId, name, kind, parentId, at } = event.data;
    return { status: 'active', id: orgId, name, kind, parentId, registeredAt: at, secretary: null, backward: null, plaques: [] };
  }
  // An event for an organisation never registered cannot come from this decider; ignore it
  // rather than invent an organisation.
  if (state.status === 'unregistered') return state;
  switch (event.type) {
    case 'OrganizationRenamed':
      return { ...state, name: event.data.name };
    case 'OrganizationMerged':
      return { ...state, status: 'merged', mergedInto: event.data.intoId, mergedAt: event.data.at };
    case 'SecretaryAppointed':
      return { ...state, secretary: event.data.secretary };
    case 'SecretaryReplaced':
      return { ...state, secretary: event.data.next };
    case 'OrganizationDesignatedBackward':
      return { ...state, backward: { reason: event.data.reason, since: event.data.at } };
    case 'OrganizationRestored':
      return { ...state, backward: null };
    case 'PlaqueAwarded':
      return { ...state, plaques: [...state.plaques, event.data.plaque] };
    case 'PlaqueRevoked':
      return { ...state, plaques: state.plaques.filter((p) => p !== event.data.plaque) };
    case 'OrganizationCommended':
    case 'SecretaryAdjustmentRecommended':
      // Recorded for the timeline and the rankings' consequences; nothing in the state depends on them.
      return state;
    default:
      return assertNever(event, 'organization event');
  }
}

export const organizationDecider: Decider<OrganizationState, OrganizationCommand, OrganizationEvent> = {
  initialState,
  decide,
  evolve,
};
