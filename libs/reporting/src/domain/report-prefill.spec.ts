import { fold } from '@app/kernel';
import { prefillDraft, REPORT_SECTIONS } from './report-prefill.js';
import { reportDecider, validateDraft } from './report.decider.js';

describe('prefillDraft (一表通: report at most once)', () => {
  const known = { noticesIssued: 3, noticesClosed: 2, noticesClosedOnTime: 1 };

  it('takes the previous period figures and what the system knows, and says which', () => {
    const draft = prefillDraft({ meetingsHeld: 12, fundsInvested: 3500.5 }, { ...known, pledgesFulfilled: 4 });
    expect(draft.figures).toEqual({
      meetingsHeld: 12,
      fundsInvested: 3500.5,
      noticesIssued: 3,
      noticesClosed: 2,
      noticesClosedOnTime: 1,
      pledgesFulfilled: 4,
    });
    expect(draft.prefilled).toEqual(['meetingsHeld', 'fundsInvested', 'noticesIssued', 'noticesClosed', 'noticesClosedOnTime', 'pledgesFulfilled']);
    expect(draft.sources).toMatchObject({ meetingsHeld: 'previous_period', noticesIssued: 'system', pledgesFulfilled: 'system' });
  });

  it("never carries last period's system counts over: this period's facts replace them", () => {
    const draft = prefillDraft({ noticesIssued: 9, pledgesFulfilled: 7 }, known);
    expect(draft.figures.noticesIssued).toBe(3);
    // Pledges not tracked this time: the stale previous value is dropped rather than kept.
    expect(draft.figures).not.toHaveProperty('pledgesFulfilled');
    expect(draft.prefilled).not.toContain('pledgesFulfilled');
  });

  it('works without a previous report and drops unusable previous values', () => {
    expect(prefillDraft(null, known).prefilled).toEqual(['noticesIssued', 'noticesClosed', 'noticesClosedOnTime']);
    expect(prefillDraft({ broken: -1 }, known).figures).not.toHaveProperty('broken');
  });

  it('offers the standard sections, empty', () => {
    expect(Object.keys(prefillDraft(null, known).sections)).toEqual([...REPORT_SECTIONS]);
    expect(Object.values(prefillDraft(null, known).sections).every((text) => text === '')).toBe(true);
  });

  it('gives a draft the decider accepts as is, recording the prefilled names', () => {
    const draft = prefillDraft({ meetingsHeld: 12 }, known);
    expect(validateDraft(draft)).toEqual({ sections: draft.sections, figures: draft.figures, prefilled: draft.prefilled });
    const state = fold(reportDecider, [
      {
        type: 'ReportingObligationOpened',
        data: { orgId: 'twp-a', supervisorOrgId: 'county', period: '2026-Q2', dueAt: '2026-07-10T15:59:59.999Z', openedAt: '2026-04-01T00:00:00Z', openedBy: 'system' },
      },
    ]);
    const [event] = reportDecider.decide(
      { type: 'SaveDraft', ...draft, now: new Date('2026-06-01T00:00:00Z'), actor: { userId: 'u', orgId: 'twp-a' } },
      state,
    );
    expect(event.type).toBe('ReportDraftSaved');
    expect((event.data as { prefilled: string[] }).prefilled).toEqual(draft.prefilled);
  });
});
