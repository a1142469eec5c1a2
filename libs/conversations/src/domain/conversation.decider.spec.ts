import { fold } from '@app/kernel';
import { deciderSpec } from '../../../kernel/src/testing/decider-spec.js';
import type { ConversationCommand } from './conversation.commands.js';

type Actor = ConversationCommand['actor'];
import { commitmentsPledgeId, conversationDecider, conversationIdOf, conversationStream, CONVERSATION_ERRORS as E, type Conversation } from './conversation.decider.js';
import type { ConversationEvent } from './conversation.events.js';

const spec = deciderSpec(conversationDecider);

const COUNTY = 'county';
const TOWNSHIP = 'twp-liuji';
const supervisor: Actor = { userId: 'u-supervisor', orgId: COUNTY };
const conversationId = 'c-1';

const PROPOSED_AT = '2026-03-02T02:00:00.000Z';
const NOW = new Date('2026-03-05T02:00:00.000Z');
const MEETING = '2026-03-10T01:30:00.000Z';
const LATER_MEETING = '2026-03-12T01:30:00.000Z';
const COMMITMENT_DUE = '2026-04-30T10:00:00.000Z';

// ------------------------------------------------------------ given events

const proposed: ConversationEvent = {
  type: 'ConversationProposed',
  data: {
    conversationId,
    source: 'manual',
    reason: '连续两个季度报告逾期',
    targetOrgId: TOWNSHIP,
    supervisorOrgId: COUNTY,
    proposedBy: supervisor.userId,
    subjectKind: null,
    subjectId: null,
    proposedAt: PROPOSED_AT,
  },
};
/** As the escalation ladder appends it at level 3 (libs/escalation). */
const proposedByLadder: ConversationEvent = {
  type: 'ConversationProposed',
  data: {
    conversationId,
    reason: 'escalation',
    targetOrgId: TOWNSHIP,
    supervisorOrgId: COUNTY,
    subjectKind: 'notice',
    subjectId: 'n-1',
    subjectStream: 'notice-n-1',
    deadlineVersion: 1,
    proposedAt: PROPOSED_AT,
  },
};
const scheduled = (scheduledFor = MEETING, rescheduled = false): ConversationEvent => ({
  type: 'ConversationScheduled',
  data: { targetOrgId: TOWNSHIP, scheduledFor, place: '组织部会议室', interviewer: '王部长', rescheduled, at: '2026-03-03T01:00:00.000Z' },
});
const held: ConversationEvent = {
  type: 'ConversationHeld',
  data: {
    targetOrgId: TOWNSHIP,
    minutes: '指出问题，书记表态',
    commitments: [{ id: '1', text: '补齐会议记录', dueAt: COMMITMENT_DUE }],
    at: '2026-03-10T03:00:00.000Z',
  },
};
const followedUp: ConversationEvent = { type: 'ConversationFollowedUp', data: { targetOrgId: TOWNSHIP, outcome: 'improved', notes: null, at: '2026-05-02T01:00:00.000Z' } };
const closed: ConversationEvent = { type: 'ConversationClosed', data: { targetOrgId: TOWNSHIP, outcome: 'improved', at: '2026-05-02T01:00:00.000Z' } };
const cancelled: ConversationEvent = { type: 'ConversationCancelled', data: { targetOrgId: TOWNSHIP, reason: '已整改到位', at: '2026-03-04T01:00:00.000Z' } };

const whenScheduled = [proposed, scheduled()];
const whenHeld = [proposed, scheduled(), held];
const whenClosed = [...whenHeld, followedUp, closed];
const whenCancelled = [proposed, cancelled];

// ------------------------------------------------------------ commands

const base = { conversationId, now: NOW, actor: supervisor };
const propose = (overrides: Partial<Extract<ConversationCommand, { type: 'ProposeConversation' }>> = {}): ConversationCommand => ({
  ...base,
  type: 'ProposeConversation',
  now: new Date(PROPOSED_AT),
  targetOrgId: TOWNSHIP,
  reason: ' 连续两个季度报告逾期 ',
  ...overrides,
});
const schedule = (overrides: Partial<Extract<ConversationCommand, { type: 'ScheduleConversation' }>> = {}): ConversationCommand => ({
  ...base,
  type: 'ScheduleConversation',
  at: new Date(MEETING),
  place: '组织部会议室',
  interviewer: '王部长',
  ...overrides,
});
const hold = (overrides: Partial<Extract<ConversationCommand, { type: 'HoldConversation' }>> = {}): ConversationCommand => ({
  ...base,
  type: 'HoldConversation',
  now: new Date('2026-03-10T03:00:00.000Z'),
  minutes: '指出问题，书记表态',
  commitments: [{ text: ' 补齐会议记录 ', dueAt: new Date(COMMITMENT_DUE) }],
  ...overrides,
});
const followUp = (overrides: Partial<Extract<ConversationCommand, { type: 'FollowUpConversation' }>> = {}): ConversationCommand => ({
  ...base,
  type: 'FollowUpConversation',
  now: new Date('2026-05-02T01:00:00.000Z'),
  outcome: 'improved',
  ...overrides,
});
const cancel = (overrides: Partial<Extract<ConversationCommand, { type: 'CancelConversation' }>> = {}): ConversationCommand => ({
  ...base,
  type: 'CancelConversation',
  reason: '已整改到位',
  ...overrides,
});

const stateOf = (events: ConversationEvent[]) => fold(conversationDecider, events) as Conversation;

describe('conversation decider (诫勉谈话)', () => {
  it('names its stream conversation-<id>', () => {
    expect(conversationStream('abc')).toBe('conversation-abc');
    expect(conversationIdOf(conversationStream('abc'))).toBe('abc');
    expect(conversationIdOf('pledge-abc')).toBeUndefined();
  });

  it('names the one responsibility letter its commitments become: a UUID that follows from the conversation alone', () => {
    expect(commitmentsPledgeId('c-1')).toBe(commitmentsPledgeId('c-1'));
    expect(commitmentsPledgeId('c-1')).not.toBe(commitmentsPledgeId('c-2'));
    expect(commitmentsPledgeId('c-1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  describe('propose (by hand)', () => {
    it('records the supervisor, the reason and the subject', () => {
      spec.given().when(propose()).then([proposed]);
      spec.given().when(propose({ subject: { kind: 'notice', id: ' n-9 ' } })).then([
        { type: 'ConversationProposed', data: { ...proposed.data, subjectKind: 'notice', subjectId: 'n-9' } },
      ]);
    });

    it('folds to a proposed conversation', () => {
      expect(stateOf([proposed])).toMatchObject({ status: 'proposed', source: 'manual', proposedBy: supervisor.userId, subject: null, commitments: [] });
    });

    it('refuses an existing id, a missing reason or target, an unknown subject kind, and the own organisation', () => {
      spec.given([proposed]).when(propose()).thenFails(E.ALREADY_EXISTS, 'conflict');
      spec.given().when(propose({ reason: '  ' })).thenFails(E.INVALID, 'invalid');
      spec.given().when(propose({ targetOrgId: '' })).thenFails(E.INVALID, 'invalid');
      spec.given().when(propose({ subject: { kind: 'ranking' as never, id: 'x' } })).thenFails(E.INVALID, 'invalid');
      spec.given().when(propose({ subject: { kind: 'report', id: ' ' } })).thenFails(E.INVALID, 'invalid');
      spec.given().when(propose({ targetOrgId: COUNTY })).thenFails(E.SELF_TARGET, 'invalid');
    });
  });

  describe('a proposal of the escalation ladder', () => {
    it('folds to a proposed conversation about the escalated deadline, proposed by nobody', () => {
      expect(stateOf([proposedByLadder])).toMatchObject({
        status: 'proposed',
        source: 'escalation',
        reason: 'escalation',
        supervisorOrgId: COUNTY,
        subject: { kind: 'notice', id: 'n-1' },
        proposedBy: null,
      });
    });

    it('is scheduled like any other', () => {
      spec.given([proposedByLadder]).when(schedule()).then([{ type: 'ConversationScheduled', data: expect.objectContaining({ rescheduled: false }) }]);
    });
  });

  describe('schedule', () => {
    it('schedules a proposed conversation', () => {
      spec.given([proposed]).when(schedule({ place: ' 组织部会议室 ' })).then([
        {
          type: 'ConversationScheduled',
          data: { targetOrgId: TOWNSHIP, scheduledFor: MEETING, place: '组织部会议室', interviewer: '王部长', rescheduled: false, at: NOW.toISOString() },
        },
      ]);
      expect(stateOf(whenScheduled)).toMatchObject({ status: 'scheduled', schedule: { at: new Date(MEETING), place: '组织部会议室', interviewer: '王部长' }, reschedules: 0 });
    });

    it('reschedules a scheduled conversation before it is held; the same schedule again changes nothing', () => {
      spec.given(whenScheduled).when(schedule({ at: new Date(LATER_MEETING) })).then([
        { type: 'ConversationScheduled', data: expect.objectContaining({ scheduledFor: LATER_MEETING, rescheduled: true }) },
      ]);
      expect(stateOf([...whenScheduled, scheduled(LATER_MEETING, true)])).toMatchObject({ status: 'scheduled', schedule: { at: new Date(LATER_MEETING) }, reschedules: 1 });
      spec.given(whenScheduled).when(schedule()).thenNothing();
    });

    it('refuses a time not in the future, a missing place or interviewer', () => {
      spec.given([proposed]).when(schedule({ at: NOW })).thenFails(E.TIME_IN_PAST, 'invalid');
      spec.given([proposed]).when(schedule({ at: new Date('nonsense') })).thenFails(E.INVALID, 'invalid');
      spec.given([proposed]).when(schedule({ place: '' })).thenFails(E.INVALID, 'invalid');
      spec.given([proposed]).when(schedule({ interviewer: ' ' })).thenFails(E.INVALID, 'invalid');
    });

    it('refuses once held', () => {
      spec.given(whenHeld).when(schedule()).thenFails(E.ALREADY_HELD, 'conflict');
    });
  });

  describe('hold', () => {
    it('records the minutes and numbered commitments of a scheduled conversation', () => {
      spec.given(whenScheduled).when(hold()).then([
        {
          type: 'ConversationHeld',
          data: {
            targetOrgId: TOWNSHIP,
            minutes: '指出问题，书记表态',
            commitments: [{ id: '1', text: '补齐会议记录', dueAt: COMMITMENT_DUE }],
            at: '2026-03-10T03:00:00.000Z',
          },
        },
      ]);
      expect(stateOf(whenHeld)).toMatchObject({
        status: 'held',
        heldAt: new Date('2026-03-10T03:00:00.000Z'),
        minutes: '指出问题，书记表态',
        commitments: [{ id: '1', text: '补齐会议记录', dueAt: new Date(COMMITMENT_DUE) }],
      });
    });

    it('accepts no commitments at all', () => {
      spec.given(whenScheduled).when(hold({ commitments: [] })).then([{ type: 'ConversationHeld', data: expect.objectContaining({ commitments: [] }) }]);
    });

    it('refuses missing minutes, a commitment without text, or one due in the past', () => {
      spec.given(whenScheduled).when(hold({ minutes: '' })).thenFails(E.INVALID, 'invalid');
      spec.given(whenScheduled).when(hold({ commitments: [{ text: '', dueAt: new Date(COMMITMENT_DUE) }] })).thenFails(E.INVALID, 'invalid');
      spec.given(whenScheduled).when(hold({ commitments: [{ text: '整改', dueAt: new Date('2026-03-01T00:00:00.000Z') }] })).thenFails(E.TIME_IN_PAST, 'invalid');
    });

    it('refuses a conversation not scheduled, or already held', () => {
      spec.given([proposed]).when(hold()).thenFails(E.NOT_SCHEDULED, 'conflict');
      spec.given(whenHeld).when(hold()).thenFails(E.ALREADY_HELD, 'conflict');
    });
  });

  describe('follow-up', () => {
    it('records the review of a held conversation and closes it', () => {
      spec.given(whenHeld).when(followUp({ outcome: 'not_improved', notes: ' 回访发现仍未整改 ' })).then([
        { type: 'ConversationFollowedUp', data: { targetOrgId: TOWNSHIP, outcome: 'not_improved', notes: '回访发现仍未整改', at: '2026-05-02T01:00:00.000Z' } },
        { type: 'ConversationClosed', data: { targetOrgId: TOWNSHIP, outcome: 'not_improved', at: '2026-05-02T01:00:00.000Z' } },
      ]);
      spec.given(whenHeld).when(followUp()).then([
        { type: 'ConversationFollowedUp', data: expect.objectContaining({ outcome: 'improved', notes: null }) },
        { type: 'ConversationClosed' },
      ]);
      expect(stateOf(whenClosed)).toMatchObject({ status: 'closed', outcome: 'improved', closedAt: new Date('2026-05-02T01:00:00.000Z') });
    });

    it('refuses an unknown outcome', () => {
      spec.given(whenHeld).when(followUp({ outcome: 'better' as never })).thenFails(E.INVALID, 'invalid');
    });

    it('refuses a conversation not yet held', () => {
      spec.given([proposed]).when(followUp()).thenFails(E.NOT_HELD, 'conflict');
      spec.given(whenScheduled).when(followUp()).thenFails(E.NOT_HELD, 'conflict');
    });
  });

  describe('cancel', () => {
    it('cancels a proposed or a scheduled conversation, with a reason', () => {
      const expected = { type: 'ConversationCancelled' as const, data: { targetOrgId: TOWNSHIP, reason: '已整改到位', at: NOW.toISOString() } };
      spec.given([proposed]).when(cancel()).then([expected]);
      spec.given(whenScheduled).when(cancel({ reason: ' 已整改到位 ' })).then([expected]);
      expect(stateOf(whenCancelled)).toMatchObject({ status: 'cancelled', cancelReason: '已整改到位', cancelledAt: new Date('2026-03-04T01:00:00.000Z') });
    });

    it('refuses without a reason, and once held', () => {
      spec.given([proposed]).when(cancel({ reason: '' })).thenFails(E.INVALID, 'invalid');
      spec.given(whenHeld).when(cancel()).thenFails(E.ALREADY_HELD, 'conflict');
    });
  });

  describe('on a conversation that does not exist or is over', () => {
    const commands = [schedule(), hold(), followUp(), cancel()];

    it('refuses every command once closed or cancelled', () => {
      for (const command of commands) {
        spec.given(whenClosed).when(command).thenFails(E.CLOSED, 'conflict');
        spec.given(whenCancelled).when(command).thenFails(E.CANCELLED, 'conflict');
      }
    });

    it('answers not found for every command but the proposal', () => {
      for (const command of commands) spec.given().when(command).thenFails(E.NOT_FOUND, 'not_found');
    });

    // Who may act is the conversation policy's (conversation.policy.spec.ts), asked before the decider.
  });

  it('ignores events before the proposal', () => {
    expect(fold(conversationDecider, [held, cancelled])).toEqual({ exists: false });
  });
});
