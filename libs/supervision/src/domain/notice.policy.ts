import { forbidden, notFound, type Actor } from '@app/kernel';
import { ACCESS_FORBIDDEN, assertCanActFor, assertCanSupervise, canActFor, canRead, canSupervise, type OrgFacts } from '@app/access';
import type { NoticeActionCommand } from './notice.commands.js';
import { NOTICE_ERRORS, type Notice } from './notice.decider.js';

/** Which organisation acts for a command: the target (its clerk), the issuer (a supervisor of the target's parent), or either. */
type NoticeSide = 'target' | 'issuer' | 'party';

/** Who acts for each command (DESIGN §6): the target signs, rectifies and asks; the issuer decides; either adds a note. */
const SIDE: Record<NoticeActionCommand['type'], NoticeSide> = {
  AcknowledgeNotice: 'target',
  RectifyItem: 'target',
  RequestExtension: 'target',
  VerifyItem: 'issuer',
  RejectItem: 'issuer',
  GrantExtension: 'issuer',
  DenyExtension: 'issuer',
  WithdrawNotice: 'issuer',
  AddProgressNote: 'party',
};

/** What the caller wants with a notice: to read it, or one of the commands on it. */
export type NoticeIntent = 'read' | NoticeActionCommand['type'];

/**
 * THE answer to "who may do what with a notice", pure, consulted once per request with the
 * notice and the facts of its target organisation:
 * 1. outside the caller's subtree a notice is unknown: 404 NOTICE.NOT_FOUND, as for an id that
 *    does not exist, so probing ids reveals nothing;
 * 2. the role for the side: the target's clerk acts for the target, a supervisor of the target's
 *    parent for the issuer, either of them adds a note (403 ACCESS.FORBIDDEN);
 * 3. the acting organisation is the one the notice names for that side: after the target moved
 *    to another parent, that parent's supervisors did not issue it (403 NOTICE.NOT_ISSUER).
 */
export function authorizeNotice(
  actor: Actor,
  intent: NoticeIntent,
  notice: Pick<Notice, 'issuerOrgId'>,
  target: OrgFacts,
): void {
  if (!canRead(actor, target)) throw notFound(NOTICE_ERRORS.NOT_FOUND, 'No such notice');
  if (intent === 'read') return;
  switch (SIDE[intent]) {
    case 'target':
      // The target's own clerk: the organisation the notice names, by construction.
      return assertCanActFor(actor, target);
    case 'issuer':
      assertCanSupervise(actor, target);
      if (actor.orgId !== notice.issuerOrgId) throw forbidden(NOTICE_ERRORS.NOT_ISSUER, 'Only the issuing organisation may do this');
      return;
    case 'party':
      if (canActFor(actor, target)) return;
      if (!canSupervise(actor, target)) throw forbidden(ACCESS_FORBIDDEN, `Only a clerk of ${target.id} or a supervisor of its parent may do this`);
      if (actor.orgId !== notice.issuerOrgId) throw forbidden(NOTICE_ERRORS.NOT_PARTY, 'Only the issuing or the target organisation may do this');
  }
}
