import type { Actor, DomainError } from '@app/kernel';
import { authorizeNotice, type NoticeIntent } from './notice.policy.js';

const county = { id: 'county', parentId: null, ancestors: [] };
const township = { id: 'twp-liuji', parentId: 'county', ancestors: ['county'] };
/** The township after it moved under another county office, whose supervisors did not issue the notice. */
const moved = { id: 'twp-liuji', parentId: 'county-office', ancestors: ['county', 'county-office'] };
const notice = { issuerOrgId: county.id };

const actor = (orgId: string, ...roles: Actor['roles']): Actor => ({ userId: `u-${orgId}-${roles.join('-')}`, username: 'u', orgId, roles });
const supervisor = actor('county', 'supervisor');
const clerk = actor('twp-liuji', 'clerk');
const otherClerk = actor('twp-other', 'clerk');
const newParentSupervisor = actor('county-office', 'supervisor');

function refusal(who: Actor, intent: NoticeIntent, target = township): { code: string; kind: string } | null {
  try {
    authorizeNotice(who, intent, notice, target);
    return null;
  } catch (error) {
    return { code: (error as DomainError).code, kind: (error as DomainError).kind };
  }
}

describe('who may do what with a notice (notice.policy)', () => {
  it('hides a notice outside the caller\'s subtree as if it did not exist', () => {
    expect(refusal(otherClerk, 'read')).toEqual({ code: 'NOTICE.NOT_FOUND', kind: 'not_found' });
    expect(refusal(otherClerk, 'VerifyItem')).toEqual({ code: 'NOTICE.NOT_FOUND', kind: 'not_found' });
    expect(refusal(clerk, 'read')).toBeNull();
    expect(refusal(supervisor, 'read')).toBeNull();
  });

  it('lets the target\'s clerk acknowledge, rectify and ask for time, and nobody else', () => {
    for (const intent of ['AcknowledgeNotice', 'RectifyItem', 'RequestExtension'] as const) {
      expect(refusal(clerk, intent)).toBeNull();
      expect(refusal(supervisor, intent)).toEqual({ code: 'ACCESS.FORBIDDEN', kind: 'forbidden' });
    }
  });

  it('lets a supervisor of the issuing parent verify, reject, decide on time and withdraw, and nobody else', () => {
    for (const intent of ['VerifyItem', 'RejectItem', 'GrantExtension', 'DenyExtension', 'WithdrawNotice'] as const) {
      expect(refusal(supervisor, intent)).toBeNull();
      expect(refusal(clerk, intent)).toEqual({ code: 'ACCESS.FORBIDDEN', kind: 'forbidden' });
      expect(refusal(actor('county', 'viewer'), intent)).toEqual({ code: 'ACCESS.FORBIDDEN', kind: 'forbidden' });
    }
  });

  it('refuses the supervisors of a new parent: they did not issue the notice', () => {
    expect(refusal(newParentSupervisor, 'VerifyItem', moved)).toEqual({ code: 'NOTICE.NOT_ISSUER', kind: 'forbidden' });
    expect(refusal(newParentSupervisor, 'AddProgressNote', moved)).toEqual({ code: 'NOTICE.NOT_PARTY', kind: 'forbidden' });
  });

  it('lets either side add a progress note', () => {
    expect(refusal(clerk, 'AddProgressNote')).toBeNull();
    expect(refusal(supervisor, 'AddProgressNote')).toBeNull();
    expect(refusal(actor('twp-liuji', 'viewer'), 'AddProgressNote')).toEqual({ code: 'ACCESS.FORBIDDEN', kind: 'forbidden' });
  });
});
