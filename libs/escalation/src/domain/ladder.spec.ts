import {
  closeDeadline,
  evolveDeadlineWithLadderEvent,
  moveDeadline,
  openDeadline,
  parseEscalationPolicy,
  withdrawDeadline,
  type Deadline,
  type LadderPolicy,
} from '@app/kernel';
import { decideLadderStep, type FireLadderStep, type LadderDecision } from './ladder.decider.js';
import { formatDurationMs, ladderJobData, ladderJobId, ladderSteps, nextDueSteps, type LadderStep } from './ladder.js';

const DAY = 86_400_000;
const policy: LadderPolicy = parseEscalationPolicy({}).notice; // P7D, P3D, P1D; warn +P3D; escalate +P7D
const dueAt = new Date('2026-06-30T15:59:59.999Z');
const at = (offsetMs: number) => new Date(dueAt.getTime() + offsetMs);
const NOTICE = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const STREAM = `notice-${NOTICE}`;

/** What the subject's evolve does with the ladder events: fold them into its deadline. */
function apply(deadline: Deadline, decision: LadderDecision): Deadline {
  return decision.events.reduce((d, e) => evolveDeadlineWithLadderEvent(d, e.type, e.data), deadline);
}

function fire(deadline: Deadline | null, job: Pick<LadderStep, 'step' | 'deadlineVersion' | 'remindBeforeMs'>, now: Date, p = policy): LadderDecision {
  const input: FireLadderStep = {
    subjectId: NOTICE,
    subjectStream: STREAM,
    deadline,
    step: job.step,
    deadlineVersion: job.deadlineVersion,
    ...(job.remindBeforeMs === undefined ? {} : { remindBeforeMs: job.remindBeforeMs }),
    targetOrgId: 'twp-liuji',
    supervisorOrgId: 'county-jd',
    now,
  };
  return decideLadderStep(input, p);
}

describe('ladderSteps', () => {
  it('plans the default ladder for a fresh deadline, in time order, with deterministic job ids', () => {
    const steps = ladderSteps(openDeadline('notice', dueAt), policy, NOTICE);
    expect(steps).toEqual([
      { step: 'remind', remindBeforeMs: 7 * DAY, fireAt: at(-7 * DAY), deadlineVersion: 1, jobId: `ladder.notice.${NOTICE}.v1.remind.P7D` },
      { step: 'remind', remindBeforeMs: 3 * DAY, fireAt: at(-3 * DAY), deadlineVersion: 1, jobId: `ladder.notice.${NOTICE}.v1.remind.P3D` },
      { step: 'remind', remindBeforeMs: 1 * DAY, fireAt: at(-1 * DAY), deadlineVersion: 1, jobId: `ladder.notice.${NOTICE}.v1.remind.P1D` },
      { step: 'missed', fireAt: dueAt, deadlineVersion: 1, jobId: `ladder.notice.${NOTICE}.v1.missed` },
      { step: 'warn', fireAt: at(3 * DAY), deadlineVersion: 1, jobId: `ladder.notice.${NOTICE}.v1.warn` },
      { step: 'escalate', fireAt: at(7 * DAY), deadlineVersion: 1, jobId: `ladder.notice.${NOTICE}.v1.escalate` },
    ]);
  });

  it('leaves out steps that already fired, and plans nothing for a deadline that is not open', () => {
    let deadline = openDeadline('notice', dueAt);
    deadline = apply(deadline, fire(deadline, { step: 'remind', remindBeforeMs: 7 * DAY, deadlineVersion: 1 }, at(-7 * DAY)));
    deadline = apply(deadline, fire(deadline, { step: 'warn', deadlineVersion: 1 }, at(3 * DAY)));
    expect(ladderSteps(deadline, policy, NOTICE).map((s) => s.step)).toEqual(['escalate']);

    const open = openDeadline('notice', dueAt);
    expect(ladderSteps(closeDeadline(open, at(-DAY)), policy, NOTICE)).toEqual([]);
    expect(ladderSteps(withdrawDeadline(open, at(-DAY)), policy, NOTICE)).toEqual([]);
    expect(ladderSteps({ ...open, status: 'paused' }, policy, NOTICE)).toEqual([]);
  });

  it('makes job ids BullMQ accepts: no ":", never an integer, a ":" in the subject id encoded', () => {
    const ids = ladderSteps(openDeadline('report', dueAt), policy, 'twp:liuji-2026-Q2').map((s) => s.jobId);
    expect(ids[0]).toBe('ladder.report.twp%3Aliuji-2026-Q2.v1.remind.P7D');
    for (const id of ids) {
      expect(id).not.toContain(':');
      expect(`${parseInt(id, 10)}`).not.toBe(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('carries what the worker needs in the job payload', () => {
    const [first] = ladderSteps(openDeadline('notice', dueAt), policy, NOTICE);
    expect(ladderJobData(first!, 'notice', NOTICE, STREAM)).toEqual({
      kind: 'notice',
      subjectId: NOTICE,
      subjectStream: STREAM,
      deadlineVersion: 1,
      step: 'remind',
      remindBeforeMs: 7 * DAY,
    });
  });
});

describe('decideLadderStep: an ignored deadline climbs the whole ladder', () => {
  it('fires each step once, at its time, ending with a proposed conversation', () => {
    let deadline = openDeadline('notice', dueAt);
    const timeline: string[] = [];
    let conversation: LadderDecision['conversation'];
    for (const job of ladderSteps(deadline, policy, NOTICE)) {
      const decision = fire(deadline, job, job.fireAt);
      expect(decision.skipped).toBeUndefined();
      expect(decision.streamId).toBe(STREAM);
      timeline.push(...decision.events.map((e) => `${e.type}${e.data.level ?? ''}`));
      conversation ??= decision.conversation;
      deadline = apply(deadline, decision);
      // The job runs again (BullMQ retry, a second worker): nothing more is appended.
      expect(fire(deadline, job, job.fireAt)).toEqual({ streamId: STREAM, events: [], skipped: 'already_fired' });
    }
    expect(timeline).toEqual(['ReminderSent', 'ReminderSent', 'ReminderSent', 'DeadlineMissed1', 'WarningIssued2', 'EscalatedToLeadership3']);
    expect(deadline.escalationLevel).toBe(3);
    expect(deadline.remindersSent).toEqual([7 * DAY, 3 * DAY, DAY]);
    expect(conversation?.streamId).toMatch(/^conversation-[0-9a-f-]{36}$/);
    expect(conversation?.event).toEqual({
      type: 'ConversationProposed',
      eventId: expect.any(String),
      data: {
        conversationId: conversation!.streamId.slice('conversation-'.length),
        reason: 'escalation',
        targetOrgId: 'twp-liuji',
        supervisorOrgId: 'county-jd',
        subjectKind: 'notice',
        subjectId: NOTICE,
        subjectStream: STREAM,
        deadlineVersion: 1,
        proposedAt: at(7 * DAY).toISOString(),
      },
    });
    expect(ladderSteps(deadline, policy, NOTICE)).toEqual([]);
  });

  it('records the ladder data on each event', () => {
    const decision = fire(openDeadline('notice', dueAt), { step: 'remind', remindBeforeMs: 3 * DAY, deadlineVersion: 1 }, at(-3 * DAY));
    expect(decision.events).toEqual([
      {
        type: 'ReminderSent',
        eventId: expect.any(String),
        data: {
          kind: 'notice',
          subjectId: NOTICE,
          deadlineVersion: 1,
          dueAt: dueAt.toISOString(),
          targetOrgId: 'twp-liuji',
          supervisorOrgId: 'county-jd',
          remindBeforeMs: 3 * DAY,
        },
      },
    ]);
    const missed = fire(openDeadline('notice', dueAt), { step: 'missed', deadlineVersion: 1 }, dueAt);
    expect(missed.events).toEqual([
      expect.objectContaining({ type: 'DeadlineMissed', data: expect.objectContaining({ level: 1, dueAt: dueAt.toISOString() }) }),
    ]);
    expect(missed.conversation).toBeUndefined();
  });
});

describe('decideLadderStep: extension re-arms the ladder', () => {
  it('turns the old version jobs into no-ops and starts the new version at level 0', () => {
    let deadline = openDeadline('notice', dueAt);
    const v1 = ladderSteps(deadline, policy, NOTICE);
    deadline = apply(deadline, fire(deadline, v1[0]!, v1[0]!.fireAt));
    deadline = apply(deadline, fire(deadline, { step: 'missed', deadlineVersion: 1 }, at(60_000)));
    expect(deadline.escalationLevel).toBe(1);

    const newDue = at(14 * DAY);
    deadline = moveDeadline(deadline, newDue, { extension: true });

    for (const job of v1) {
      expect(fire(deadline, job, at(30 * DAY)).skipped).toBe('stale_version');
    }
    const v2 = ladderSteps(deadline, policy, NOTICE);
    expect(v2).toHaveLength(6);
    expect(v2.every((s) => s.deadlineVersion === 2 && s.jobId.includes('.v2.'))).toBe(true);
    expect(v2.map((s) => s.fireAt)).toEqual([-7, -3, -1, 0, 3, 7].map((d) => new Date(newDue.getTime() + d * DAY)));
    expect(new Set([...v1, ...v2].map((s) => s.jobId)).size).toBe(12);

    // The P7D reminder was sent for v1; v2 sends it again, at its own time and with its own event id.
    const again = fire(deadline, v2[0]!, v2[0]!.fireAt);
    expect(again.events.map((e) => [e.type, e.data.deadlineVersion])).toEqual([['ReminderSent', 2]]);
    expect(again.events[0]!.eventId).not.toBe(fire(openDeadline('notice', dueAt), v1[0]!, v1[0]!.fireAt).events[0]!.eventId);
  });
});

describe('decideLadderStep: steps that must not fire', () => {
  const open = openDeadline('notice', dueAt);
  const missed = { step: 'missed', deadlineVersion: 1 } as const;
  const late = at(DAY);

  it.each([
    ['no_deadline', null],
    ['closed', closeDeadline(open, at(-DAY))],
    ['withdrawn', withdrawDeadline(open, at(-DAY))],
    ['paused', { ...open, status: 'paused' as const }],
  ])('skips with %s', (reason, deadline) => {
    expect(fire(deadline, missed, late)).toEqual({ streamId: STREAM, events: [], skipped: reason });
  });

  it('skips a job scheduled for another version', () => {
    expect(fire(open, { step: 'missed', deadlineVersion: 2 }, late).skipped).toBe('stale_version');
  });

  it('skips a step that is not yet due, by a millisecond', () => {
    expect(fire(open, missed, new Date(dueAt.getTime() - 1)).skipped).toBe('not_due');
    expect(fire(open, { step: 'remind', remindBeforeMs: 7 * DAY, deadlineVersion: 1 }, at(-7 * DAY - 1)).skipped).toBe('not_due');
    expect(fire(open, { step: 'escalate', deadlineVersion: 1 }, at(7 * DAY - 1)).skipped).toBe('not_due');
    expect(fire(open, missed, dueAt).events).toHaveLength(1);
  });

  it('skips a step that already fired, or whose level was reached by catch-up', () => {
    const sent = { ...open, remindersSent: [3 * DAY] };
    expect(fire(sent, { step: 'remind', remindBeforeMs: 3 * DAY, deadlineVersion: 1 }, at(-3 * DAY)).skipped).toBe('already_fired');
    const warned = { ...open, escalationLevel: 2 as const };
    expect(fire(warned, missed, late).skipped).toBe('already_fired');
    expect(fire(warned, { step: 'warn', deadlineVersion: 1 }, at(4 * DAY)).skipped).toBe('already_fired');
  });

  it('skips a reminder offset that the policy no longer has', () => {
    expect(fire(open, { step: 'remind', remindBeforeMs: 5 * DAY, deadlineVersion: 1 }, at(-5 * DAY)).skipped).toBe('not_in_policy');
    expect(fire(open, { step: 'remind', deadlineVersion: 1 }, at(-5 * DAY)).skipped).toBe('not_in_policy');
  });

  it('skips a reminder overtaken by a closer one or by the due time', () => {
    const p7 = { step: 'remind', remindBeforeMs: 7 * DAY, deadlineVersion: 1 } as const;
    expect(fire(open, p7, at(-3 * DAY)).skipped).toBe('superseded');
    expect(fire(open, p7, dueAt).skipped).toBe('superseded');
    expect(fire({ ...open, escalationLevel: 1 }, { ...p7, remindBeforeMs: DAY }, at(-DAY)).skipped).toBe('superseded');
  });
});

describe('decideLadderStep: catch-up after a long outage', () => {
  const open = openDeadline('notice', dueAt);
  const outageEnds = at(8 * DAY);

  it('fires the lower levels first, in order, when a higher step fires', () => {
    const decision = fire(open, { step: 'escalate', deadlineVersion: 1 }, outageEnds);
    expect(decision.events.map((e) => [e.type, e.data.level])).toEqual([
      ['DeadlineMissed', 1],
      ['WarningIssued', 2],
      ['EscalatedToLeadership', 3],
    ]);
    expect(decision.conversation?.event.data.proposedAt).toBe(outageEnds.toISOString());

    const after = apply(open, decision);
    for (const step of ['missed', 'warn', 'escalate'] as const) {
      expect(fire(after, { step, deadlineVersion: 1 }, outageEnds).skipped).toBe('already_fired');
    }
    for (const remindBeforeMs of policy.remindBefore) {
      expect(fire(after, { step: 'remind', remindBeforeMs, deadlineVersion: 1 }, outageEnds).skipped).toBe('superseded');
    }
  });

  it('catches up only what is missing below the step', () => {
    const missedAlready = { ...open, escalationLevel: 1 as const };
    expect(fire(missedAlready, { step: 'escalate', deadlineVersion: 1 }, outageEnds).events.map((e) => e.type)).toEqual([
      'WarningIssued',
      'EscalatedToLeadership',
    ]);
    expect(fire(open, { step: 'warn', deadlineVersion: 1 }, at(4 * DAY)).events.map((e) => e.type)).toEqual(['DeadlineMissed', 'WarningIssued']);
  });

  it('gives the same event ids whichever job fires a level, so racing jobs append each level once', () => {
    const byEscalate = fire(open, { step: 'escalate', deadlineVersion: 1 }, outageEnds).events;
    const byMissed = fire(open, { step: 'missed', deadlineVersion: 1 }, outageEnds).events;
    const byWarn = fire(open, { step: 'warn', deadlineVersion: 1 }, outageEnds).events;
    expect(byMissed[0]!.eventId).toBe(byEscalate[0]!.eventId);
    expect(byWarn.map((e) => e.eventId)).toEqual(byEscalate.slice(0, 2).map((e) => e.eventId));
  });

  it('lets the reconciler find every overdue step', () => {
    expect(nextDueSteps(open, policy, outageEnds, NOTICE).map((s) => s.step)).toEqual(['missed', 'warn', 'escalate']);
    expect(nextDueSteps(open, policy, at(-2 * DAY), NOTICE).map((s) => [s.step, s.remindBeforeMs])).toEqual([['remind', 3 * DAY]]);
    expect(nextDueSteps(open, policy, at(-8 * DAY), NOTICE)).toEqual([]);
    expect(nextDueSteps(closeDeadline(open, at(-DAY)), policy, outageEnds, NOTICE)).toEqual([]);
  });
});

describe('decideLadderStep: a deadline armed late', () => {
  it('sends the closest passed reminder at once, not every stale one, then the rest on time', () => {
    // Issued two days before the due time: P7D and P3D have passed; only P3D goes out.
    const armedAt = at(-2 * DAY);
    let deadline = openDeadline('notice', dueAt);
    const due = nextDueSteps(deadline, policy, armedAt, NOTICE);
    expect(due.map((s) => s.remindBeforeMs)).toEqual([3 * DAY]);
    const sent: number[] = [];
    for (const job of ladderSteps(deadline, policy, NOTICE).filter((s) => s.step === 'remind')) {
      const decision = fire(deadline, job, new Date(Math.max(armedAt.getTime(), job.fireAt.getTime())));
      deadline = apply(deadline, decision);
      sent.push(...decision.events.map((e) => e.data.remindBeforeMs!));
    }
    expect(sent).toEqual([3 * DAY, DAY]);
  });
});

describe('deterministic ids', () => {
  it('gives the same events and conversation for the same job, and new ones for a new version', () => {
    const open = openDeadline('notice', dueAt);
    const job = { step: 'escalate', deadlineVersion: 1 } as const;
    const first = fire(open, job, at(7 * DAY));
    const second = fire(open, job, at(7 * DAY));
    expect(second).toEqual(first);
    expect(new Set(first.events.map((e) => e.eventId)).size).toBe(3);

    const v2 = moveDeadline(open, at(DAY));
    const moved = fire(v2, { step: 'escalate', deadlineVersion: 2 }, at(8 * DAY));
    expect(moved.conversation!.streamId).not.toBe(first.conversation!.streamId);
    expect(moved.events.map((e) => e.eventId)).not.toEqual(first.events.map((e) => e.eventId));
  });

  it('keeps ids of different subjects apart', () => {
    expect(ladderJobId('notice', 'a', 1, 'missed')).not.toBe(ladderJobId('report', 'a', 1, 'missed'));
    expect(ladderJobId('notice', 'a', 1, 'remind', 1000)).toBe('ladder.notice.a.v1.remind.PT1S');
    expect(() => ladderJobId('notice', 'a', 1, 'remind')).toThrow();
  });
});

describe('a policy in seconds (for tests of the running system)', () => {
  const fast = parseEscalationPolicy({
    notice: { remindBefore: ['PT2S', 'PT1S'], yellowWithin: 'PT1S', warnAfter: 'PT2S', escalateAfter: 'PT4S' },
  }).notice;

  it('plans and fires the ladder within seconds', () => {
    let deadline = openDeadline('notice', dueAt);
    const steps = ladderSteps(deadline, fast, NOTICE);
    expect(steps.map((s) => [s.jobId.split('.').slice(4).join('.'), s.fireAt.getTime() - dueAt.getTime()])).toEqual([
      ['remind.PT2S', -2000],
      ['remind.PT1S', -1000],
      ['missed', 0],
      ['warn', 2000],
      ['escalate', 4000],
    ]);
    const types: string[] = [];
    for (const job of steps) {
      expect(fire(deadline, job, new Date(job.fireAt.getTime() - 1), fast).skipped).toBe('not_due');
      const decision = fire(deadline, job, job.fireAt, fast);
      types.push(...decision.events.map((e) => e.type));
      deadline = apply(deadline, decision);
    }
    expect(types).toEqual(['ReminderSent', 'ReminderSent', 'DeadlineMissed', 'WarningIssued', 'EscalatedToLeadership']);
  });
});

describe('formatDurationMs', () => {
  it.each([
    [0, 'PT0S'],
    [500, 'PT0.5S'],
    [2000, 'PT2S'],
    [90_000, 'PT1M30S'],
    [7 * DAY, 'P7D'],
    [DAY + 2 * 3_600_000, 'P1DT2H'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDurationMs(ms)).toBe(text);
  });
});
