import { DomainError, fold, lightOf } from '@app/kernel';
import { deciderSpec } from '../../../kernel/src/testing/decider-spec.js';
import {
  reportDecider,
  ReportEvent,
  reportStatusAt,
  reportStream,
  deriveReportStatus,
  REPORT_LIMITS,
  type ReportCommand,
} from './report.decider.js';

const spec = deciderSpec(reportDecider);

const ORG = 'twp-liuji';
const COUNTY = 'county-feixi';
const PERIOD = '2026-Q1';
const DUE = new Date('2026-04-10T23:59:59.999+08:00');
type Actor = ReportCommand['actor'];

const clerk: Actor = { userId: 'u-clerk', orgId: ORG };
const supervisor: Actor = { userId: 'u-sup', orgId: COUNTY };
const system: Actor = { userId: 'system', orgId: '' };

const at = (iso: string) => new Date(iso);
const BEFORE_DUE = at('2026-04-05T10:00:00+08:00');
const AFTER_DUE = at('2026-04-11T00:00:00+08:00');

const opened: ReportEvent = {
  type: 'ReportingObligationOpened',
  data: {
    orgId: ORG,
    supervisorOrgId: COUNTY,
    period: PERIOD,
    dueAt: DUE.toISOString(),
    openedAt: '2026-04-01T00:00:00.000Z',
    openedBy: 'system',
  },
};
const draftSaved = (figures: Record<string, number> = { meetingsHeld: 12 }, savedAt = '2026-04-03T02:00:00.000Z'): ReportEvent => ({
  type: 'ReportDraftSaved',
  data: { orgId: ORG, period: PERIOD, sections: { massWork: '走访群众 120 户' }, figures, prefilled: [], savedAt, savedBy: 'u-clerk' },
});
const submitted = (submittedAt = '2026-04-05T02:00:00.000Z', late = false): ReportEvent => ({
  type: 'ReportSubmitted',
  data: { orgId: ORG, period: PERIOD, submittedAt, submittedBy: 'u-clerk', dueAt: DUE.toISOString(), late },
});
const returned: ReportEvent = {
  type: 'ReportReturned',
  data: { orgId: ORG, period: PERIOD, reasons: ['三会一课 figures missing'], returnedAt: '2026-04-06T02:00:00.000Z', returnedBy: 'u-sup' },
};
const accepted: ReportEvent = {
  type: 'ReportAccepted',
  data: { orgId: ORG, period: PERIOD, acceptedAt: '2026-04-07T02:00:00.000Z', acceptedBy: 'u-sup' },
};
const ladder = (type: 'ReminderSent' | 'DeadlineMissed' | 'WarningIssued' | 'EscalatedToLeadership', extra: object = {}): ReportEvent => ({
  type,
  data: { kind: 'report', deadlineVersion: 1, dueAt: DUE.toISOString(), targetOrgId: ORG, supervisorOrgId: COUNTY, ...extra },
});

const openCommand = {
  type: 'OpenReportingObligation' as const,
  orgId: ORG,
  supervisorOrgId: COUNTY,
  period: PERIOD,
  dueAt: DUE,
  now: at('2026-04-01T00:00:00.000Z'),
  actor: system,
};
const saveCommand = (overrides: Record<string, unknown> = {}) => ({
  type: 'SaveDraft' as const,
  sections: { massWork: '走访群众 120 户' },
  figures: { meetingsHeld: 12, fundsInvested: 3500.5 },
  now: BEFORE_DUE,
  actor: clerk,
  ...overrides,
});

function failure(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('report stream', () => {
  it('is report-<orgId>-<period>', () => {
    expect(reportStream(ORG, PERIOD)).toBe('report-twp-liuji-2026-Q1');
  });

  it('refuses a malformed period', () => {
    expect(failure(() => reportStream(ORG, '2026-Q7')).code).toBe('PERIOD.INVALID');
  });
});

describe('OpenReportingObligation', () => {
  it('opens the obligation with its due time', () => {
    spec.given([]).when(openCommand).then([opened]);
  });

  it('is idempotent: a second opening appends nothing, even with another due time', () => {
    spec.given([opened]).when(openCommand).thenNothing();
    spec.given([opened, draftSaved()]).when({ ...openCommand, dueAt: at('2026-05-01T00:00:00Z') }).thenNothing();
  });

  it('refuses a malformed period', () => {
    spec.given([]).when({ ...openCommand, period: '2026-Q5' }).thenFails('PERIOD.INVALID', 'invalid');
  });

  it('refuses missing organisations, a self-supervising organisation and an invalid due time', () => {
    const error = failure(() =>
      spec.given([]).when({ ...openCommand, orgId: ' ', dueAt: new Date('nope') }).thenEvents(),
    );
    expect(error.code).toBe('REPORT.INVALID_OBLIGATION');
    expect(error.kind).toBe('invalid');
    expect(error.fieldErrors.map((e) => e.field)).toEqual(['orgId', 'dueAt']);
    spec.given([]).when({ ...openCommand, supervisorOrgId: ORG }).thenFails('REPORT.INVALID_OBLIGATION', 'invalid');
  });

  it('folds into a due report with an open report deadline', () => {
    const state = fold(reportDecider, [opened]);
    expect(state.status).toBe('due');
    expect(state.deadline).toMatchObject({ kind: 'report', dueAt: DUE, originalDueAt: DUE, status: 'open', escalationLevel: 0 });
    expect(state.history).toEqual([{ type: 'ReportingObligationOpened', at: at('2026-04-01T00:00:00.000Z'), by: 'system' }]);
  });
});

describe('SaveDraft', () => {
  it('records the draft with the names of prefilled figures', () => {
    spec
      .given([opened])
      .when(saveCommand({ prefilled: ['meetingsHeld'] }))
      .then([
        {
          type: 'ReportDraftSaved',
          data: {
            orgId: ORG,
            period: PERIOD,
            sections: { massWork: '走访群众 120 户' },
            figures: { meetingsHeld: 12, fundsInvested: 3500.5 },
            prefilled: ['meetingsHeld'],
            savedAt: BEFORE_DUE.toISOString(),
            savedBy: 'u-clerk',
          },
        },
      ]);
  });

  it('may be saved again and again; the latest draft counts', () => {
    const events = spec.given([opened, draftSaved()]).when(saveCommand({ figures: { meetingsHeld: 13 } })).thenEvents();
    const state = fold(reportDecider, [opened, draftSaved(), ...events]);
    expect(state.status).toBe('draft');
    expect(state.draft?.figures).toEqual({ meetingsHeld: 13 });
  });

  it('appends nothing when the same content is saved again (a retried request)', () => {
    spec.given([opened, draftSaved()]).when(saveCommand({ figures: { meetingsHeld: 12 } })).thenNothing();
  });

  it('is allowed on a returned report, which stays returned until resubmitted', () => {
    const events = spec.given([opened, draftSaved(), submitted(), returned]).when(saveCommand()).thenEvents();
    expect(events).toHaveLength(1);
    expect(fold(reportDecider, [opened, draftSaved(), submitted(), returned, ...events]).status).toBe('returned');
  });

  it('refuses edits of a submitted or accepted report', () => {
    spec.given([opened, draftSaved(), submitted()]).when(saveCommand()).thenFails('REPORT.NOT_EDITABLE', 'conflict');
    spec.given([opened, draftSaved(), submitted(), accepted]).when(saveCommand()).thenFails('REPORT.NOT_EDITABLE', 'conflict');
  });


  it('needs an open obligation', () => {
    spec.given([]).when(saveCommand()).thenFails('REPORT.NO_OBLIGATION', 'not_found');
  });

  describe('validation names the failing field', () => {
    const fieldsOf = (overrides: Record<string, unknown>) => {
      const error = failure(() => spec.given([opened]).when(saveCommand(overrides)).thenEvents());
      expect(error.kind).toBe('invalid');
      expect(error.code).toBe('REPORT.INVALID_DRAFT');
      return error.fieldErrors.map((e) => e.field);
    };

    it.each([
      ['a negative figure', { x: -1 }],
      ['more than 2 decimals', { fundsInvested: 0.291 }],
      ['a fraction of a count', { membersDeveloped: 1.5 }],
      ['not a number', { meetingsHeld: '12' }],
      ['NaN', { meetingsHeld: Number.NaN }],
      ['infinity', { meetingsHeld: Number.POSITIVE_INFINITY }],
      ['an absurd amount', { fundsInvested: REPORT_LIMITS.maxFigureValue + 1 }],
    ])('refuses %s', (_what, figures) => {
      expect(fieldsOf({ figures })).toEqual([`figures.${Object.keys(figures)[0]}`]);
    });

    it('accepts amounts with 2 decimals and zero', () => {
      spec.given([opened]).when(saveCommand({ figures: { fundsInvested: 0.29, custom: 1234567.89, meetingsHeld: 0 } })).then([{ type: 'ReportDraftSaved' }]);
    });

    it('reports every bad field at once', () => {
      expect(fieldsOf({ sections: { massWork: 42 }, figures: { a: -1, b: 2 } })).toEqual(['sections.massWork', 'figures.a']);
    });

    it('refuses sections and figures that are not objects', () => {
      expect(fieldsOf({ sections: ['text'], figures: null })).toEqual(['sections', 'figures']);
    });

    it('refuses blank, padded, reserved and over-long names', () => {
      expect(fieldsOf({ figures: { ' ': 1 } })).toEqual(['figures. ']);
      expect(fieldsOf({ sections: { ' massWork': '' } })).toEqual(['sections. massWork']);
      expect(fieldsOf({ figures: JSON.parse('{"__proto__": 1}') })).toEqual(['figures.__proto__']);
      expect(fieldsOf({ figures: { ['n'.repeat(REPORT_LIMITS.maxFigureNameLength + 1)]: 1 } })).toHaveLength(1);
    });

    it('bounds sizes', () => {
      const many = Object.fromEntries(Array.from({ length: REPORT_LIMITS.maxFigures + 1 }, (_, i) => [`f${i}`, i]));
      expect(fieldsOf({ figures: many })).toEqual(['figures']);
      expect(fieldsOf({ sections: { massWork: 'x'.repeat(REPORT_LIMITS.maxSectionLength + 1) } })).toEqual(['sections.massWork']);
      const big = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`s${i}`, 'x'.repeat(REPORT_LIMITS.maxSectionLength)]));
      expect(fieldsOf({ sections: big })).toEqual(['sections']);
    });

    it('refuses prefilled names the draft does not have', () => {
      expect(fieldsOf({ prefilled: ['noticesClosed'] })).toEqual(['prefilled']);
    });
  });
});

describe('SubmitReport', () => {
  it('submits a draft on time', () => {
    spec
      .given([opened, draftSaved()])
      .when({ type: 'SubmitReport', now: BEFORE_DUE, actor: clerk })
      .then([
        {
          type: 'ReportSubmitted',
          data: { orgId: ORG, period: PERIOD, submittedAt: BEFORE_DUE.toISOString(), submittedBy: 'u-clerk', dueAt: DUE.toISOString(), late: false },
        },
      ]);
  });

  it('is on time at the due instant itself and late 1 ms after', () => {
    const lateAt = (now: Date) => (spec.given([opened, draftSaved()]).when({ type: 'SubmitReport', now, actor: clerk }).thenEvents()[0].data as { late: boolean }).late;
    expect(lateAt(DUE)).toBe(false);
    expect(lateAt(new Date(DUE.getTime() + 1))).toBe(true);
    expect(lateAt(AFTER_DUE)).toBe(true);
  });

  it('is allowed again after a return', () => {
    spec.given([opened, draftSaved(), submitted(), returned]).when({ type: 'SubmitReport', now: AFTER_DUE, actor: clerk }).then([
      { type: 'ReportSubmitted' },
    ]);
  });

  it('needs a draft', () => {
    spec.given([opened]).when({ type: 'SubmitReport', now: BEFORE_DUE, actor: clerk }).thenFails('REPORT.NO_DRAFT', 'conflict');
  });

  it('refuses a second submission and a submission after acceptance', () => {
    spec.given([opened, draftSaved(), submitted()]).when({ type: 'SubmitReport', now: BEFORE_DUE, actor: clerk }).thenFails('REPORT.ALREADY_SUBMITTED', 'conflict');
    spec.given([opened, draftSaved(), submitted(), accepted]).when({ type: 'SubmitReport', now: BEFORE_DUE, actor: clerk }).thenFails('REPORT.ALREADY_ACCEPTED', 'conflict');
  });


  it('needs an open obligation', () => {
    spec.given([]).when({ type: 'SubmitReport', now: BEFORE_DUE, actor: clerk }).thenFails('REPORT.NO_OBLIGATION', 'not_found');
  });

  it('closes the deadline, so the ladder stops; a late submission closes it late', () => {
    const onTime = fold(reportDecider, [opened, draftSaved(), submitted()]);
    expect(onTime.status).toBe('submitted');
    expect(onTime.deadline?.status).toBe('closed');
    expect(lightOf(onTime.deadline!, AFTER_DUE, 0)).toBe('closed_on_time');

    const late = fold(reportDecider, [opened, draftSaved(), submitted(AFTER_DUE.toISOString(), true)]);
    expect(late.late).toBe(true);
    expect(lightOf(late.deadline!, AFTER_DUE, 0)).toBe('closed_late');
  });

  it('keeps the first submission time on the deadline when resubmitted after a return', () => {
    const state = fold(reportDecider, [opened, draftSaved(), submitted(), returned, submitted(AFTER_DUE.toISOString(), true)]);
    expect(state.submissions).toBe(2);
    expect(state.firstSubmittedAt).toEqual(at('2026-04-05T02:00:00.000Z'));
    expect(state.submittedAt).toEqual(AFTER_DUE);
    expect(state.late).toBe(true);
    expect(state.deadline?.closedAt).toEqual(at('2026-04-05T02:00:00.000Z'));
  });
});

describe('ReturnReport', () => {
  const returnCommand = (overrides: Record<string, unknown> = {}) => ({
    type: 'ReturnReport' as const,
    reasons: ['  三会一课 figures missing ', ''],
    now: at('2026-04-06T02:00:00.000Z'),
    actor: supervisor,
    ...overrides,
  });

  it('returns a submitted report with the non-empty reasons, trimmed', () => {
    spec.given([opened, draftSaved(), submitted()]).when(returnCommand()).then([returned]);
  });

  it('needs at least one non-empty reason', () => {
    for (const reasons of [[], ['', '  '], 'not a list']) {
      const error = failure(() => spec.given([opened, draftSaved(), submitted()]).when(returnCommand({ reasons })).thenEvents());
      expect(error.code).toBe('REPORT.INVALID_REASONS');
      expect(error.kind).toBe('invalid');
      expect(error.fieldErrors[0].field).toBe('reasons');
    }
  });

  it('bounds reasons', () => {
    spec.given([opened, draftSaved(), submitted()]).when(returnCommand({ reasons: ['x'.repeat(REPORT_LIMITS.maxReasonLength + 1)] })).thenFails('REPORT.INVALID_REASONS');
  });


  it('only from submitted', () => {
    for (const given of [[opened], [opened, draftSaved()], [opened, draftSaved(), submitted(), returned], [opened, draftSaved(), submitted(), accepted]]) {
      spec.given(given).when(returnCommand()).thenFails('REPORT.NOT_SUBMITTED', 'conflict');
    }
  });

  it('folds into returned with the reasons', () => {
    const state = fold(reportDecider, [opened, draftSaved(), submitted(), returned]);
    expect(state.status).toBe('returned');
    expect(state.lastReturnReasons).toEqual(['三会一课 figures missing']);
  });
});

describe('AcceptReport', () => {
  const acceptCommand = (actor: Actor = supervisor) => ({ type: 'AcceptReport' as const, now: at('2026-04-07T02:00:00.000Z'), actor });

  it('accepts a submitted report', () => {
    spec.given([opened, draftSaved(), submitted()]).when(acceptCommand()).then([accepted]);
    expect(fold(reportDecider, [opened, draftSaved(), submitted(), accepted]).status).toBe('accepted');
  });

  it('records an optional opinion (审核意见); a blank one is refused', () => {
    const withComment = { type: 'ReportAccepted' as const, data: { ...accepted.data, comment: '内容详实，予以通过' } };
    spec.given([opened, draftSaved(), submitted()]).when({ ...acceptCommand(), comment: ' 内容详实，予以通过 ' }).then([withComment]);
    expect(fold(reportDecider, [opened, draftSaved(), submitted(), withComment]).acceptComment).toBe('内容详实，予以通过');
    expect(fold(reportDecider, [opened, draftSaved(), submitted(), accepted]).acceptComment).toBeNull();
    spec.given([opened, draftSaved(), submitted()]).when({ ...acceptCommand(), comment: ' ' }).thenFails('REPORT.INVALID_COMMENT', 'invalid');
  });


  it('only from submitted', () => {
    spec.given([opened, draftSaved()]).when(acceptCommand()).thenFails('REPORT.NOT_SUBMITTED', 'conflict');
    spec.given([opened, draftSaved(), submitted(), returned]).when(acceptCommand()).thenFails('REPORT.NOT_SUBMITTED', 'conflict');
    spec.given([opened, draftSaved(), submitted(), accepted]).when(acceptCommand()).thenFails('REPORT.NOT_SUBMITTED', 'conflict');
  });

  it('needs an open obligation', () => {
    spec.given([]).when(acceptCommand()).thenFails('REPORT.NO_OBLIGATION', 'not_found');
  });
});

describe('ladder events (催报 and what follows)', () => {
  it('fold into the report deadline and the history', () => {
    const state = fold(reportDecider, [
      opened,
      ladder('ReminderSent', { remindBeforeMs: 86_400_000 }),
      ladder('DeadlineMissed', { level: 1 }),
      ladder('WarningIssued', { level: 2 }),
    ]);
    expect(state.deadline?.remindersSent).toEqual([86_400_000]);
    expect(state.deadline?.escalationLevel).toBe(2);
    expect(state.status).toBe('due');
    expect(state.history.map((h) => h.type)).toEqual(['ReportingObligationOpened', 'ReminderSent', 'DeadlineMissed', 'WarningIssued']);
    expect(fold(reportDecider, [opened, ladder('EscalatedToLeadership', { level: 3 })]).deadline?.escalationLevel).toBe(3);
  });

  it('ignore a step fired for another deadline version', () => {
    const state = fold(reportDecider, [opened, ladder('DeadlineMissed', { level: 1, deadlineVersion: 2 })]);
    expect(state.deadline?.escalationLevel).toBe(0);
  });

  it('do not stop a late submission', () => {
    spec.given([opened, draftSaved(), ladder('DeadlineMissed', { level: 1 })]).when({ type: 'SubmitReport', now: AFTER_DUE, actor: clerk }).then([
      { type: 'ReportSubmitted' },
    ]);
  });
});

describe('status at read time (overdue is derived, never stored)', () => {
  it('a due or drafted report past its due time is overdue', () => {
    expect(reportStatusAt(fold(reportDecider, [opened]), BEFORE_DUE)).toBe('due');
    expect(reportStatusAt(fold(reportDecider, [opened]), DUE)).toBe('due');
    expect(reportStatusAt(fold(reportDecider, [opened]), AFTER_DUE)).toBe('overdue');
    expect(reportStatusAt(fold(reportDecider, [opened, draftSaved()]), AFTER_DUE)).toBe('overdue');
  });

  it('submitted, returned and accepted reports are never overdue', () => {
    expect(reportStatusAt(fold(reportDecider, [opened, draftSaved(), submitted()]), AFTER_DUE)).toBe('submitted');
    expect(reportStatusAt(fold(reportDecider, [opened, draftSaved(), submitted(), returned]), AFTER_DUE)).toBe('returned');
    expect(reportStatusAt(fold(reportDecider, [opened, draftSaved(), submitted(), accepted]), AFTER_DUE)).toBe('accepted');
    expect(deriveReportStatus('draft', DUE, BEFORE_DUE)).toBe('draft');
  });

  it('is null without an obligation', () => {
    expect(reportStatusAt(reportDecider.initialState(), AFTER_DUE)).toBeNull();
  });
});
