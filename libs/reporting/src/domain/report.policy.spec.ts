import type { Actor, DomainError } from '@app/kernel';
import { authorizeReport, openingScope, type ReportIntent } from './report.policy.js';

const township = { id: 'twp-liuji', parentId: 'county', ancestors: ['county'] };
/** The township after it moved under another office, whose supervisors did not ask for this report. */
const moved = { id: 'twp-liuji', parentId: 'county-office', ancestors: ['county', 'county-office'] };
const report = { supervisorOrgId: 'county' };

const actor = (orgId: string, ...roles: Actor['roles']): Actor => ({ userId: `u-${orgId}`, username: 'u', orgId, roles });
const clerk = actor('twp-liuji', 'clerk');
const supervisor = actor('county', 'supervisor');

function refusal(who: Actor, intent: ReportIntent, org = township, folded: { supervisorOrgId: string | null } = report): string | null {
  try {
    authorizeReport(who, intent, org, folded);
    return null;
  } catch (error) {
    return (error as DomainError).code;
  }
}

describe('who may do what with a report (report.policy)', () => {
  it('hides a report outside the caller\'s subtree as if it did not exist', () => {
    expect(refusal(actor('twp-other', 'clerk'), 'read')).toBe('REPORT.NOT_FOUND');
    expect(refusal(actor('twp-other', 'clerk'), 'SubmitReport')).toBe('REPORT.NOT_FOUND');
    expect(refusal(clerk, 'read')).toBeNull();
  });

  it('lets the organisation\'s clerk draft and submit, and not its supervisor', () => {
    for (const intent of ['SaveDraft', 'SubmitReport'] as const) {
      expect(refusal(clerk, intent)).toBeNull();
      expect(refusal(supervisor, intent)).toBe('ACCESS.FORBIDDEN');
    }
  });

  it('lets the supervisor of the parent return and accept, and not the clerk', () => {
    for (const intent of ['ReturnReport', 'AcceptReport'] as const) {
      expect(refusal(supervisor, intent)).toBeNull();
      expect(refusal(clerk, intent)).toBe('ACCESS.FORBIDDEN');
    }
  });

  it('refuses the supervisors of a new parent: the report was owed to the old one', () => {
    expect(refusal(actor('county-office', 'supervisor'), 'AcceptReport', moved)).toBe('REPORT.NOT_SUPERVISOR');
    // No obligation opened yet: the decider answers that (404 REPORT.NO_OBLIGATION).
    expect(refusal(actor('county-office', 'supervisor'), 'AcceptReport', moved, { supervisorOrgId: null })).toBeNull();
  });

  it('opens a period for everyone as an administrator, for the children as a supervisor, else refuses', () => {
    expect(openingScope(actor('county', 'admin'))).toBe('everyone');
    expect(openingScope(supervisor)).toBe('children');
    expect(() => openingScope(clerk)).toThrow(expect.objectContaining({ code: 'ACCESS.FORBIDDEN' }));
  });
});
