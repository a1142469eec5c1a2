import { fold, lightOf } from '@app/kernel';
import { deciderSpec } from '../../../kernel/src/testing/decider-spec.js';
import type { IssueNotice } from './notice.commands.js';

type Actor = IssueNotice['actor'];
import { noticeDecider, noticeStream, NOTICE_ERRORS as E, type Notice } from './notice.decider.js';
import type { NoticeEvent } from './notice.events.js';

const spec = deciderSpec(noticeDecider);

const COUNTY = 'county';
const TOWNSHIP = 'twp-liuji';
const supervisor: Actor = { userId: 'u-supervisor', orgId: COUNTY };
const clerk: Actor = { userId: 'u-clerk', orgId: TOWNSHIP };
const noticeId = 'n-1';

const ISSUED_AT = '2026-03-02T02:00:00.000Z';
const DUE = '2026-03-16T15:59:59.999Z'; // end of Monday 16 March in Shanghai
const BEFORE_DUE = new Date('2026-03-10T02:00:00.000Z');
const AFTER_DUE = new Date('2026-03-18T02:00:00.000Z');
const LATER_DUE = '2026-03-31T15:59:59.999Z';

// ------------------------------------------------------------ given events

const issued: NoticeEvent = {
  type: 'NoticeIssued',
  data: {
    noticeId,
    issuerOrgId: COUNTY,
    targetOrgId: TOWNSHIP,
    issuedBy: supervisor.userId,
    title: '二季度督查问题整改',
    basis: 'Q2 inspection',
    severity: 'normal',
    items: [
      { id: '1', problem: '三会一课记录不全', requiredAction: '补齐会议记录' },
      { id: '2', problem: '党费收缴不及时', requiredAction: '按月收缴并公示' },
    ],
    dueAt: DUE,
    calendarVersion: '2026.1',
    at: ISSUED_AT,
  },
};
const acknowledged = (at = '2026-03-03T01:00:00.000Z', late = false): NoticeEvent => ({
  type: 'NoticeAcknowledged',
  data: { acknowledgedBy: clerk.userId, at, dueAt: DUE, late },
});
const rectified = (itemId: string, at = '2026-03-05T01:00:00.000Z'): NoticeEvent => ({
  type: 'ItemRectified',
  data: { itemId, evidence: '会议记录照片', at, late: false },
});
const verified = (itemId: string, at = '2026-03-06T01:00:00.000Z'): NoticeEvent => ({ type: 'ItemVerified', data: { itemId, at } });
const rejected = (itemId: string, reworkCount = 1, dueAt: string | null = null, noticeDueAt: string | null = null, at = '2026-03-06T01:00:00.000Z'): NoticeEvent => ({
  type: 'ItemRejected',
  data: { itemId, reason: '记录仍不完整', dueAt, reworkCount, noticeDueAt, at },
});
const extensionRequested = (requestId = '1', requestedDueAt = LATER_DUE): NoticeEvent => ({
  type: 'ExtensionRequested',
  data: { requestId, requestedDueAt, currentDueAt: DUE, reason: '村两委换届', at: '2026-03-09T01:00:00.000Z' },
});
const extensionGranted = (requestId = '1', dueAt = LATER_DUE): NoticeEvent => ({
  type: 'ExtensionGranted',
  data: { requestId, previousDueAt: DUE, dueAt, at: '2026-03-09T05:00:00.000Z' },
});
const extensionDenied = (requestId = '1'): NoticeEvent => ({
  type: 'ExtensionDenied',
  data: { requestId, reason: '理由不充分', at: '2026-03-09T05:00:00.000Z' },
});
const closed: NoticeEvent = { type: 'NoticeClosed', data: { at: '2026-03-06T01:00:00.000Z', originalDueAt: DUE, dueAt: DUE, onTime: true } };
const withdrawn: NoticeEvent = { type: 'NoticeWithdrawn', data: { reason: '重复下发', at: '2026-03-04T01:00:00.000Z' } };
const ladder = (type: 'ReminderSent' | 'DeadlineMissed' | 'WarningIssued' | 'EscalatedToLeadership', deadlineVersion = 1): NoticeEvent => ({
  type,
  data: { kind: 'notice', deadlineVersion, dueAt: DUE, targetOrgId: TOWNSHIP, supervisorOrgId: COUNTY, ...(type === 'ReminderSent' ? { remindBeforeMs: 86_400_000 } : {}) },
});

/** The usual path: issued, signed for, item 1 reported. */
const inRectification = [issued, acknowledged(), rectified('1')];

// ------------------------------------------------------------ commands

const issue = (overrides: Partial<IssueNotice> = {}): IssueNotice => ({
  type: 'IssueNotice',
  noticeId,
  now: new Date(ISSUED_AT),
  actor: supervisor,
  targetOrgId: TOWNSHIP,
  title: ' 二季度督查问题整改 ',
  basis: 'Q2 inspection',
  items: [
    { problem: '三会一课记录不全', requiredAction: '补齐会议记录' },
    { problem: '党费收缴不及时', requiredAction: '按月收缴并公示' },
  ],
  dueAt: new Date(DUE),
  calendarVersion: '2026.1',
  ...overrides,
});
const base = (actor: Actor, now: Date = BEFORE_DUE) => ({ noticeId, actor, now });
const acknowledge = (actor = clerk, now?: Date) => ({ type: 'AcknowledgeNotice' as const, ...base(actor, now) });
const note = (text: string, actor = clerk) => ({ type: 'AddProgressNote' as const, text, ...base(actor) });
const rectify = (itemId: string, evidence = '整改照片', actor = clerk, now?: Date) => ({ type: 'RectifyItem' as const, itemId, evidence, ...base(actor, now) });
const verify = (itemId: string, actor = supervisor, now?: Date) => ({ type: 'VerifyItem' as const, itemId, ...base(actor, now) });
const reject = (itemId: string, reason = '记录仍不完整', dueAt?: Date | null, actor = supervisor) => ({
  type: 'RejectItem' as const,
  itemId,
  reason,
  dueAt,
  ...base(actor),
});
const requestExtension = (requestedDueAt = new Date(LATER_DUE), { reason = '村两委换届', maxExtensions = 1, actor = clerk, now = BEFORE_DUE } = {}) => ({
  type: 'RequestExtension' as const,
  requestedDueAt,
  reason,
  maxExtensions,
  ...base(actor, now),
});
const grant = (requestId = '1', actor = supervisor) => ({ type: 'GrantExtension' as const, requestId, ...base(actor) });
const deny = (requestId = '1', reason = '理由不充分', actor = supervisor) => ({ type: 'DenyExtension' as const, requestId, reason, ...base(actor) });
const withdraw = (reason = '重复下发', actor = supervisor) => ({ type: 'WithdrawNotice' as const, reason, ...base(actor) });

const stateAfter = (events: NoticeEvent[]) => fold(noticeDecider, events) as Notice;

// ------------------------------------------------------------ specs

describe('notice stream', () => {
  it('is notice-<id>', () => {
    expect(noticeStream('0193a0e4')).toBe('notice-0193a0e4');
  });
});

describe('IssueNotice', () => {
  it('issues with items numbered in order, trimmed text and the calendar version', () => {
    spec.given([]).when(issue()).then([issued]);
  });

  it('defaults severity to normal and basis to null', () => {
    const [event] = spec.given([]).when(issue({ basis: '  ', severity: undefined })).thenEvents();
    expect(event.data).toMatchObject({ severity: 'normal', basis: null });
  });

  it('folds into an issued notice with an open deadline of kind notice', () => {
    const notice = stateAfter([issued]);
    expect(notice).toMatchObject({ status: 'issued', issuerOrgId: COUNTY, targetOrgId: TOWNSHIP, acknowledgedAt: null, progressNotes: 0 });
    expect(notice.items.map((i) => [i.id, i.status, i.reworkCount])).toEqual([
      ['1', 'open', 0],
      ['2', 'open', 0],
    ]);
    expect(notice.deadline).toMatchObject({ kind: 'notice', status: 'open', version: 1, escalationLevel: 0, extensions: 0 });
    expect(notice.deadline.originalDueAt).toEqual(new Date(DUE));
  });

  it('refuses an id that exists', () => {
    spec.given([issued]).when(issue()).thenFails(E.ALREADY_EXISTS, 'conflict');
  });

  it.each([
    ['no items', { items: [] }],
    ['an empty title', { title: ' ' }],
    ['an item without a problem', { items: [{ problem: '', requiredAction: 'x' }] }],
    ['an item without a required action', { items: [{ problem: 'x', requiredAction: ' ' }] }],
    ['an unknown severity', { severity: 'urgent' as never }],
    ['no target', { targetOrgId: '' }],
  ])('refuses %s', (_, overrides) => {
    spec.given([]).when(issue(overrides)).thenFails(E.INVALID, 'invalid');
  });

  it('names every bad field', () => {
    try {
      noticeDecider.decide(issue({ title: '', items: [{ problem: '', requiredAction: '' }] }), noticeDecider.initialState());
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as { fieldErrors: Array<{ field: string }> }).fieldErrors.map((f) => f.field)).toEqual(['title', 'items.0.problem', 'items.0.requiredAction']);
    }
  });

  it('refuses a due time that is not in the future', () => {
    spec.given([]).when(issue({ dueAt: new Date(ISSUED_AT) })).thenFails(E.DUE_AT_IN_PAST, 'invalid');
    spec.given([]).when(issue({ dueAt: new Date('nonsense') })).thenFails(E.INVALID, 'invalid');
  });

  it('refuses a notice to the own organisation', () => {
    spec.given([]).when(issue({ targetOrgId: COUNTY })).thenFails(E.SELF_TARGET, 'invalid');
  });
});

describe('commands on a notice that does not exist', () => {
  it.each([acknowledge(), note('x'), rectify('1'), verify('1'), reject('1'), requestExtension(), grant(), deny(), withdraw()])(
    '$type is NOT_FOUND',
    (command) => {
      spec.given([]).when(command).thenFails(E.NOT_FOUND, 'not_found');
    },
  );
});

describe('AcknowledgeNotice (签收)', () => {
  it('is recorded on time before the due time', () => {
    spec
      .given([issued])
      .when(acknowledge(clerk, new Date('2026-03-03T01:00:00.000Z')))
      .then([acknowledged('2026-03-03T01:00:00.000Z', false)]);
  });

  it('is recorded as late after the due time', () => {
    spec.given([issued]).when(acknowledge(clerk, AFTER_DUE)).then([acknowledged(AFTER_DUE.toISOString(), true)]);
    expect(stateAfter([issued, acknowledged(AFTER_DUE.toISOString(), true)])).toMatchObject({ status: 'in_progress', acknowledgedLate: true });
  });


  it('happens once', () => {
    spec.given([issued, acknowledged()]).when(acknowledge()).thenFails(E.ALREADY_ACKNOWLEDGED, 'conflict');
  });
});

describe('AddProgressNote', () => {
  it('may be added by the target, also before acknowledging', () => {
    spec
      .given([issued])
      .when(note(' 已召开专题会 '))
      .then([{ type: 'ProgressNoteAdded', data: { text: '已召开专题会', byOrgId: TOWNSHIP, by: clerk.userId, at: BEFORE_DUE.toISOString() } }]);
  });

  it('may be added by the issuer, and is counted', () => {
    const [event] = spec.given(inRectification).when(note('已电话督促', supervisor)).thenEvents();
    expect(event.data).toMatchObject({ byOrgId: COUNTY });
    expect(stateAfter([...inRectification, event]).progressNotes).toBe(1);
  });

  it('needs text', () => {
    spec.given([issued]).when(note('  ')).thenFails(E.TEXT_REQUIRED, 'invalid');
  });

});

describe('RectifyItem (申请销号)', () => {
  it('reports an open item with its evidence', () => {
    spec
      .given([issued, acknowledged()])
      .when(rectify('2', ' 公示照片 '))
      .then([{ type: 'ItemRectified', data: { itemId: '2', evidence: '公示照片', at: BEFORE_DUE.toISOString(), late: false } }]);
    const item = stateAfter([issued, acknowledged(), rectified('2')]).items[1];
    expect(item).toMatchObject({ status: 'reported', evidence: '会议记录照片' });
  });

  it('marks a rectification after the due time as late', () => {
    const [event] = spec.given([issued, acknowledged()]).when(rectify('1', '照片', clerk, AFTER_DUE)).thenEvents();
    expect(event.data).toMatchObject({ late: true });
  });

  it('judges lateness against the item rework due time when one was set', () => {
    const reworkDue = '2026-03-25T15:59:59.999Z';
    const given = [...inRectification, rejected('1', 1, reworkDue, reworkDue)];
    const [event] = spec.given(given).when(rectify('1', '补充材料', clerk, AFTER_DUE)).thenEvents();
    expect(event.data).toMatchObject({ late: false });
  });

  it('needs evidence', () => {
    spec.given([issued, acknowledged()]).when(rectify('1', ' ')).thenFails(E.EVIDENCE_REQUIRED, 'invalid');
  });

  it('needs the notice acknowledged first', () => {
    spec.given([issued]).when(rectify('1')).thenFails(E.NOT_ACKNOWLEDGED, 'conflict');
  });

  it('refuses an item that is not open', () => {
    spec.given(inRectification).when(rectify('1')).thenFails(E.ITEM_NOT_OPEN, 'conflict');
    spec.given([...inRectification, verified('1')]).when(rectify('1')).thenFails(E.ITEM_NOT_OPEN, 'conflict');
  });

  it('refuses an unknown item', () => {
    spec.given([issued, acknowledged()]).when(rectify('9')).thenFails(E.ITEM_NOT_FOUND, 'not_found');
  });

});

describe('VerifyItem (销号)', () => {
  it('records the verification opinion (核实意见) on ItemVerified and on the item', () => {
    spec
      .given(inRectification)
      .when({ ...verify('1'), comment: '  核实通过，台账已补齐 ' })
      .then([{ type: 'ItemVerified', data: { itemId: '1', at: BEFORE_DUE.toISOString(), comment: '核实通过，台账已补齐' } }]);
    const notice = stateAfter([...inRectification, { type: 'ItemVerified', data: { itemId: '1', at: BEFORE_DUE.toISOString(), comment: '台账已补齐' } }]);
    expect(notice.items[0]).toMatchObject({ status: 'verified', verificationComment: '台账已补齐' });
    expect(stateAfter([...inRectification, verified('1')]).items[0]!.verificationComment).toBeNull();
  });

  it('refuses a blank or over-long opinion, naming the field', () => {
    spec.given(inRectification).when({ ...verify('1'), comment: '  ' }).thenFails(E.INVALID, 'invalid');
    spec.given(inRectification).when({ ...verify('1'), comment: 'x'.repeat(2001) }).thenFails(E.INVALID, 'invalid');
  });

  it('verifies a reported item and leaves the notice open while others remain', () => {
    spec.given(inRectification).when(verify('1')).then([verified('1', BEFORE_DUE.toISOString())]);
    expect(stateAfter([...inRectification, verified('1')])).toMatchObject({ status: 'in_progress' });
  });

  it('closes the notice on time with the last item', () => {
    const given = [...inRectification, verified('1'), rectified('2')];
    spec
      .given(given)
      .when(verify('2'))
      .then([
        verified('2', BEFORE_DUE.toISOString()),
        { type: 'NoticeClosed', data: { at: BEFORE_DUE.toISOString(), originalDueAt: DUE, dueAt: DUE, onTime: true } },
      ]);
  });

  it('judges on-time closure against the original due time, not the extended one', () => {
    const given = [issued, acknowledged(), extensionRequested(), extensionGranted(), rectified('1'), verified('1'), rectified('2')];
    const events = spec.given(given).when(verify('2', supervisor, AFTER_DUE)).thenEvents();
    expect(events[1]).toEqual({
      type: 'NoticeClosed',
      data: { at: AFTER_DUE.toISOString(), originalDueAt: DUE, dueAt: LATER_DUE, onTime: false },
    });
    const notice = stateAfter([...given, ...events]);
    expect(notice).toMatchObject({ status: 'closed', closedOnTime: false });
    expect(notice.deadline).toMatchObject({ status: 'closed', closedAt: AFTER_DUE });
    expect(lightOf(notice.deadline, AFTER_DUE, 0)).toBe('closed_late');
  });

  it('refuses an item that is not reported', () => {
    spec.given([issued, acknowledged()]).when(verify('1')).thenFails(E.ITEM_NOT_REPORTED, 'conflict');
    spec.given([...inRectification, verified('1')]).when(verify('1')).thenFails(E.ITEM_NOT_REPORTED, 'conflict');
  });

  it('refuses an unknown item', () => {
    spec.given(inRectification).when(verify('3')).thenFails(E.ITEM_NOT_FOUND, 'not_found');
  });

});

describe('RejectItem (驳回重办)', () => {
  it('sends a reported item back for rework and counts it', () => {
    spec.given(inRectification).when(reject('1', ' 记录仍不完整 ')).then([rejected('1', 1, null, null, BEFORE_DUE.toISOString())]);
    const item = stateAfter([...inRectification, rejected('1')]).items[0];
    expect(item).toMatchObject({ status: 'open', reworkCount: 1, lastRejectionReason: '记录仍不完整' });
  });

  it('counts every round of rework', () => {
    const given = [...inRectification, rejected('1', 1), rectified('1')];
    const [event] = spec.given(given).when(reject('1')).thenEvents();
    expect(event.data).toMatchObject({ reworkCount: 2 });
    expect(stateAfter([...given, event]).items[0].reworkCount).toBe(2);
  });

  it('sets an item due time inside the notice deadline without moving the notice', () => {
    const reworkDue = new Date('2026-03-13T15:59:59.999Z');
    const [event] = spec.given(inRectification).when(reject('1', '补充', reworkDue)).thenEvents();
    expect(event.data).toMatchObject({ dueAt: reworkDue.toISOString(), noticeDueAt: null });
    const notice = stateAfter([...inRectification, event]);
    expect(notice.items[0].dueAt).toEqual(reworkDue);
    expect(notice.deadline).toMatchObject({ dueAt: new Date(DUE), version: 1 });
  });

  it('moves the notice deadline (new version, ladder reset, not an extension) for a later rework due time', () => {
    const given = [...inRectification, ladder('ReminderSent')];
    const [event] = spec.given(given).when(reject('1', '补充', new Date(LATER_DUE))).thenEvents();
    expect(event.data).toMatchObject({ dueAt: LATER_DUE, noticeDueAt: LATER_DUE });
    const deadline = stateAfter([...given, event]).deadline;
    expect(deadline).toMatchObject({ dueAt: new Date(LATER_DUE), originalDueAt: new Date(DUE), version: 2, remindersSent: [], extensions: 0 });
  });

  it('needs a reason', () => {
    spec.given(inRectification).when(reject('1', '')).thenFails(E.REASON_REQUIRED, 'invalid');
  });

  it('refuses a rework due time in the past', () => {
    spec.given(inRectification).when(reject('1', '补充', new Date('2026-03-01T00:00:00Z'))).thenFails(E.DUE_AT_IN_PAST, 'invalid');
  });

  it('refuses an item that is not reported', () => {
    spec.given([issued, acknowledged()]).when(reject('1')).thenFails(E.ITEM_NOT_REPORTED, 'conflict');
  });

  it('refuses an unknown item', () => {
    spec.given(inRectification).when(reject('7')).thenFails(E.ITEM_NOT_FOUND, 'not_found');
  });

});

describe('RequestExtension (申请延期)', () => {
  it('asks before the due time for a later one, numbered in order', () => {
    spec
      .given([issued, acknowledged()])
      .when(requestExtension(new Date(LATER_DUE), { reason: ' 村两委换届 ', now: new Date('2026-03-09T01:00:00.000Z') }))
      .then([extensionRequested('1')]);
    const notice = stateAfter([issued, extensionRequested()]);
    expect(notice.extensionRequests).toEqual([
      expect.objectContaining({ id: '1', status: 'pending', requestedDueAt: new Date(LATER_DUE), reason: '村两委换届' }),
    ]);
    expect(notice.deadline.dueAt).toEqual(new Date(DUE));
  });

  it('numbers a request after a denied one as the next', () => {
    const [event] = spec.given([issued, extensionRequested(), extensionDenied()]).when(requestExtension()).thenEvents();
    expect(event.data).toMatchObject({ requestId: '2' });
  });

  it('refuses a request at or after the due time', () => {
    spec.given([issued]).when(requestExtension(new Date('2026-04-30T00:00:00Z'), { now: new Date(DUE) })).thenFails(E.EXTENSION_TOO_LATE, 'conflict');
    spec.given([issued]).when(requestExtension(new Date('2026-04-30T00:00:00Z'), { now: AFTER_DUE })).thenFails(E.EXTENSION_TOO_LATE, 'conflict');
  });

  it('refuses a requested due time that is not after the current one', () => {
    spec.given([issued]).when(requestExtension(new Date(DUE))).thenFails(E.EXTENSION_NOT_LATER, 'invalid');
    spec.given([issued]).when(requestExtension(new Date('invalid'))).thenFails(E.INVALID, 'invalid');
  });

  it('needs a reason', () => {
    spec.given([issued]).when(requestExtension(new Date(LATER_DUE), { reason: ' ' })).thenFails(E.REASON_REQUIRED, 'invalid');
  });

  it('refuses a second request while one is pending', () => {
    spec.given([issued, extensionRequested()]).when(requestExtension()).thenFails(E.EXTENSION_PENDING, 'conflict');
  });

  it('refuses once maxExtensions have been granted', () => {
    const given = [issued, extensionRequested(), extensionGranted()];
    spec.given(given).when(requestExtension(new Date('2026-04-30T00:00:00Z'))).thenFails(E.EXTENSION_LIMIT, 'conflict');
    const [event] = spec.given(given).when(requestExtension(new Date('2026-04-30T00:00:00Z'), { maxExtensions: 2 })).thenEvents();
    expect(event.data).toMatchObject({ requestId: '2', currentDueAt: LATER_DUE });
  });

  it('refuses any request when maxExtensions is 0', () => {
    spec.given([issued]).when(requestExtension(new Date(LATER_DUE), { maxExtensions: 0 })).thenFails(E.EXTENSION_LIMIT, 'conflict');
  });

});

describe('GrantExtension', () => {
  it('records an optional comment on the grant and on the request', () => {
    const given = [issued, acknowledged(), extensionRequested()];
    spec
      .given(given)
      .when({ ...grant(), comment: '同意延期' })
      .then([{ type: 'ExtensionGranted', data: { requestId: '1', previousDueAt: DUE, dueAt: LATER_DUE, at: BEFORE_DUE.toISOString(), comment: '同意延期' } }]);
    spec.given(given).when({ ...grant(), comment: '' }).thenFails(E.INVALID, 'invalid');
    const notice = stateAfter([...given, { type: 'ExtensionGranted', data: { requestId: '1', previousDueAt: DUE, dueAt: LATER_DUE, at: BEFORE_DUE.toISOString(), comment: '同意延期' } }]);
    expect(notice.extensionRequests[0]).toMatchObject({ status: 'granted', grantComment: '同意延期' });
  });

  it('moves the deadline as an extension: new version, ladder reset, original kept', () => {
    const given = [issued, acknowledged(), ladder('ReminderSent'), extensionRequested()];
    spec
      .given(given)
      .when(grant())
      .then([{ type: 'ExtensionGranted', data: { requestId: '1', previousDueAt: DUE, dueAt: LATER_DUE, at: BEFORE_DUE.toISOString() } }]);
    const notice = stateAfter([...given, extensionGranted()]);
    expect(notice.deadline).toMatchObject({
      originalDueAt: new Date(DUE),
      dueAt: new Date(LATER_DUE),
      version: 2,
      extensions: 1,
      remindersSent: [],
      escalationLevel: 0,
    });
    expect(notice.extensionRequests[0]).toMatchObject({ status: 'granted' });
  });

  it('refuses an unknown request', () => {
    spec.given([issued, extensionRequested()]).when(grant('5')).thenFails(E.EXTENSION_NOT_FOUND, 'not_found');
  });

  it('refuses a request that was already decided', () => {
    spec.given([issued, extensionRequested(), extensionGranted()]).when(grant()).thenFails(E.EXTENSION_NOT_PENDING, 'conflict');
    spec.given([issued, extensionRequested(), extensionDenied()]).when(grant()).thenFails(E.EXTENSION_NOT_PENDING, 'conflict');
  });

  it('refuses a request overtaken by a later rework due time', () => {
    const reworkDue = '2026-04-30T15:59:59.999Z';
    const given = [issued, acknowledged(), extensionRequested(), rectified('1'), rejected('1', 1, reworkDue, reworkDue)];
    spec.given(given).when(grant()).thenFails(E.EXTENSION_OBSOLETE, 'conflict');
  });

});

describe('DenyExtension', () => {
  it('denies with a reason and leaves the deadline', () => {
    spec
      .given([issued, extensionRequested()])
      .when(deny('1', ' 理由不充分 '))
      .then([{ type: 'ExtensionDenied', data: { requestId: '1', reason: '理由不充分', at: BEFORE_DUE.toISOString() } }]);
    const notice = stateAfter([issued, extensionRequested(), extensionDenied()]);
    expect(notice.extensionRequests[0]).toMatchObject({ status: 'denied', denialReason: '理由不充分' });
    expect(notice.deadline).toMatchObject({ dueAt: new Date(DUE), version: 1, extensions: 0 });
  });

  it('needs a reason', () => {
    spec.given([issued, extensionRequested()]).when(deny('1', '')).thenFails(E.REASON_REQUIRED, 'invalid');
  });

  it('refuses an unknown or decided request', () => {
    spec.given([issued, extensionRequested()]).when(deny('2')).thenFails(E.EXTENSION_NOT_FOUND, 'not_found');
    spec.given([issued, extensionRequested(), extensionDenied()]).when(deny('1')).thenFails(E.EXTENSION_NOT_PENDING, 'conflict');
  });

});

describe('WithdrawNotice', () => {
  it('withdraws with a reason and ends the deadline', () => {
    spec.given(inRectification).when(withdraw(' 重复下发 ')).then([{ type: 'NoticeWithdrawn', data: { reason: '重复下发', at: BEFORE_DUE.toISOString() } }]);
    const notice = stateAfter([...inRectification, withdrawn]);
    expect(notice).toMatchObject({ status: 'withdrawn', withdrawReason: '重复下发' });
    expect(notice.deadline).toMatchObject({ status: 'withdrawn' });
  });

  it('needs a reason', () => {
    spec.given([issued]).when(withdraw(' ')).thenFails(E.REASON_REQUIRED, 'invalid');
  });

});

describe('a closed or withdrawn notice', () => {
  const closedNotice = [...inRectification, verified('1'), rectified('2'), verified('2'), closed];
  const commands = [
    ['AcknowledgeNotice', acknowledge()],
    ['AddProgressNote', note('x')],
    ['RectifyItem', rectify('2')],
    ['VerifyItem', verify('1')],
    ['RejectItem', reject('1')],
    ['RequestExtension', requestExtension()],
    ['GrantExtension', grant()],
    ['DenyExtension', deny()],
    ['WithdrawNotice', withdraw()],
  ] as const;

  it.each(commands)('refuses %s once closed', (_, command) => {
    spec.given(closedNotice).when(command).thenFails(E.CLOSED, 'conflict');
  });

  it.each(commands)('refuses %s once withdrawn', (_, command) => {
    spec.given([issued, extensionRequested(), withdrawn]).when(command).thenFails(E.WITHDRAWN, 'conflict');
  });

});

describe('ladder events from the escalation worker', () => {
  it('are folded into the deadline: reminders and escalation level', () => {
    const notice = stateAfter([issued, ladder('ReminderSent'), ladder('DeadlineMissed'), ladder('WarningIssued')]);
    expect(notice.deadline).toMatchObject({ remindersSent: [86_400_000], escalationLevel: 2 });
    expect(stateAfter([issued, ladder('EscalatedToLeadership')]).deadline.escalationLevel).toBe(3);
  });

  it('for an older deadline version are ignored after an extension', () => {
    const notice = stateAfter([issued, extensionRequested(), extensionGranted(), ladder('DeadlineMissed', 1)]);
    expect(notice.deadline).toMatchObject({ version: 2, escalationLevel: 0 });
  });

  it('change nothing in the notice lifecycle', () => {
    const given = [issued, ladder('DeadlineMissed')];
    expect(stateAfter(given)).toMatchObject({ status: 'issued' });
    spec.given(given).when(acknowledge(clerk, AFTER_DUE)).then([acknowledged(AFTER_DUE.toISOString(), true)]);
  });
});
