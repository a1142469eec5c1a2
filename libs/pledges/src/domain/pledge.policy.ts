import { forbidden, notFound, type Actor } from '@app/kernel';
import { ACCESS_FORBIDDEN, assertCanActFor, assertCanSupervise, canActFor, canRead, canSupervise, type OrgFacts } from '@app/access';
import type { DraftPledge, PledgeCommand, TakeOverCommitments } from './pledge.commands.js';
import { PLEDGE_ERRORS, type Pledge } from './pledge.decider.js';
import type { PledgeSide } from './pledge.events.js';

type PledgeActionType = Exclude<PledgeCommand, DraftPledge | TakeOverCommitments>['type'];

/** What the caller wants with a pledge: to read it, or one of the commands on it. */
export type PledgeIntent = 'read' | PledgeActionType;

/** Who acts for each command (DESIGN §6): the target progresses and fulfils; the supervisor inspects and evaluates; each side signs its own. */
const SIDE: Record<PledgeActionType, PledgeSide | 'either'> = {
  SignPledge: 'either',
  ProgressPledgeItem: 'target',
  FulfilPledgeItem: 'target',
  InspectPledge: 'supervisor',
  EvaluatePledge: 'supervisor',
};

function asSupervisor(actor: Actor, pledge: Pick<Pledge, 'supervisorOrgId'>, target: OrgFacts): PledgeSide {
  assertCanSupervise(actor, target);
  // After the target moved to another parent, that parent's supervisors are no party to the pledge.
  if (actor.orgId !== pledge.supervisorOrgId) throw forbidden(PLEDGE_ERRORS.NOT_A_PARTY, 'Only the supervising organisation may do this');
  return 'supervisor';
}

/**
 * THE answer to "who may do what with a pledge", pure, asked once per request with the pledge and
 * the facts of its target organisation; it names the side the caller acts for:
 * 1. outside the caller's subtree a pledge is unknown: 404 PLEDGE.NOT_FOUND (probing ids reveals nothing);
 *    whoever reads the target reads it (null: no side);
 * 2. the target's side is its clerk; the supervisor's side a supervisor of the target's parent that
 *    is the organisation the pledge names (403 ACCESS.FORBIDDEN, PLEDGE.NOT_A_PARTY);
 * 3. signing: the caller's own side; a public pledge is published by the pledging organisation alone.
 * The decider then judges only the transition (409).
 */
export function authorizePledge(
  actor: Actor,
  intent: PledgeIntent,
  pledge: Pick<Pledge, 'kind' | 'supervisorOrgId'>,
  target: OrgFacts,
): PledgeSide | null {
  if (!canRead(actor, target)) throw notFound(PLEDGE_ERRORS.NOT_FOUND, 'No such pledge');
  if (intent === 'read') return null;
  switch (SIDE[intent]) {
    case 'target':
      assertCanActFor(actor, target);
      return 'target';
    case 'supervisor':
      return asSupervisor(actor, pledge, target);
    case 'either':
      if (canActFor(actor, target)) return 'target';
      if (!canSupervise(actor, target)) throw forbidden(ACCESS_FORBIDDEN, `Only a clerk of ${target.id} or a supervisor of its parent may sign`);
      if (pledge.kind === 'public') throw forbidden(PLEDGE_ERRORS.NOT_A_PARTY, 'A public pledge is published by the pledging organisation');
      return asSupervisor(actor, pledge, target);
  }
}
