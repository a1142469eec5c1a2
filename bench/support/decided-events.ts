/*
 * Events for the benchmarks, decided by the real deciders (pure `decide`/`evolve`) and appended
 * in bulk: supervision notices, reports, pledges, assessments and published rankings, with the
 * escalation ladder's steps (催报 reminders, missed, warning, escalation) fired on each subject
 * at the moment the worker would have fired them. Shared by bench:rankings and bench:province.
 */
import {
  deterministicId,
  newId,
  parseEscalationPolicy,
  reportSubjectId,
  type Deadline,
  type DeadlineKind,
  type Decider,
  type DomainEvent,
  type LadderPolicy,
  type NewEvent,
} from '@app/kernel';
import type { AppendRequest, EventStore } from '@app/event-store';
import { noticeDecider, noticeStream, type NoticeCommand, type NoticeEvent, type NoticeState } from '@app/supervision';
import { reportDecider, reportDueAt, reportStream, DEFAULT_REPORTING_DUTIES, periodStart, type ReportCommand, type ReportEvent, type ReportState } from '@app/reporting';
import { pledgeDecider, pledgeStream, type PledgeCommand, type PledgeEvent, type PledgeState } from '@app/pledges';
import { decideLadderStep, ladderSteps } from '@app/escalation';
import { inboxItemsFor, inboxStream } from '@app/notifications';
import {
  assessmentDecider,
  assessmentStream,
  DEFAULT_SCHEME,
  rankingDecider,
  rankingStream,
  rankOrganizations,
  scoreOrganization,
  type AssessmentCommand,
  type AssessmentState,
  type RankingState,
  type ScoringInput,
} from '@app/assessment';

export const DAY = 86_400_000;
export const BUSINESS_TZ = 'Asia/Shanghai';

/** A small deterministic generator, so runs decide the same events. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

export interface Org {
  id: string;
  parent: string;
  kind: 'township' | 'village';
}

export interface Party {
  userId: string;
  orgId: string;
}

export const partyOf = (orgId: string): Party => ({ userId: `u-${orgId}`, orgId });

/** Appends what the generators decide, `batchSize` streams per `appendMany`. */
export class EventSink {
  private readonly requests: AppendRequest[] = [];
  total = 0;

  constructor(
    private readonly store: EventStore,
    private readonly batchSize = 500,
  ) {}

  private readonly pending = new Map<string, AppendRequest>();

  push(streamId: string, events: NewEvent[], expected: AppendRequest['expected'] = 'no_stream'): void {
    if (events.length === 0) return;
    // One request per stream per batch: appendMany takes a batch that names a stream twice one
    // append at a time (each its own transaction), ten times slower.
    const queued = this.pending.get(streamId);
    if (queued && expected === 'any' && queued.expected === 'any') {
      // Moved to the end of the batch: an inbox read must come after the event that made its item
      // (as over HTTP, where the item is read from the inbox before the read is appended).
      queued.events.push(...events);
      this.requests.splice(this.requests.indexOf(queued), 1);
      this.requests.push(queued);
      return;
    }
    const request = { streamId, events: [...events], expected };
    this.pending.set(streamId, request);
    this.requests.push(request);
  }

  /** Appends when a batch is full (always with `force`). */
  async flush(force = false): Promise<void> {
    if (!force && this.requests.length < this.batchSize) return;
    const batch = this.requests.splice(0);
    this.pending.clear();
    if (batch.length === 0) return;
    const outcomes = await this.store.appendMany(batch);
    const failed = outcomes.find((o) => o instanceof Error);
    if (failed) throw failed;
    this.total += batch.reduce((n, r) => n + r.events.length, 0);
  }
}

export function toNewEvent(event: { type: string; data: unknown; eventId?: string }, actor: Party | null, at: Date, correlationId = newId()): NewEvent {
  return {
    eventId: event.eventId ?? newId(),
    type: event.type,
    schemaVersion: 1,
    data: event.data,
    metadata: { actorId: actor?.userId ?? 'system', actorOrgId: actor?.orgId ?? null, actorRoles: actor ? ['supervisor'] : [], correlationId, causationId: null },
    occurredAt: at,
  };
}

const POLICY: LadderPolicy = parseEscalationPolicy(undefined).notice;

/**
 * One subject's stream decided command by command. Before each command, the ladder steps that
 * fell due before its time fire as the worker would have (same decider, same deterministic ids),
 * so reminders and levels land between the subject's own events in time order.
 */
export class DecidedStream<State, Command extends { now: Date }, Event extends DomainEvent> {
  state: State;
  readonly events: NewEvent[] = [];
  /** Conversations the ladder proposed at level 3 (their own streams). */
  readonly conversations: Array<{ streamId: string; event: NewEvent }> = [];

  constructor(
    private readonly decider: Decider<State, Command, Event>,
    readonly streamId: string,
    private readonly ladder?: { kind: DeadlineKind; subjectId: string; targetOrgId: string; supervisorOrgId: string },
  ) {
    this.state = decider.initialState();
  }

  run(command: Command, actor: Party | null): void {
    this.fireLadderUntil(command.now);
    for (const event of this.decider.decide(command, this.state)) this.apply(event, actor, command.now);
  }

  /** Fires every ladder step due before `until` (the deadline as it stands then). */
  fireLadderUntil(until: Date): void {
    if (!this.ladder) return;
    for (;;) {
      // Subjects with a deadline (notice, report, pledge) keep it on their state once they exist.
      const deadline = (this.state as { deadline?: Deadline | null }).deadline;
      if (!deadline) return;
      const step = ladderSteps(deadline, POLICY, this.ladder.subjectId).find((s) => s.fireAt.getTime() < until.getTime());
      if (!step) return;
      const decision = decideLadderStep(
        { ...this.ladder, subjectStream: this.streamId, deadline, step: step.step, deadlineVersion: step.deadlineVersion, remindBeforeMs: step.remindBeforeMs, now: step.fireAt },
        POLICY,
      );
      if (decision.events.length === 0) return;
      if (decision.conversation) {
        this.conversations.push({ streamId: decision.conversation.streamId, event: toNewEvent(decision.conversation.event, null, step.fireAt) });
      }
      for (const event of decision.events) this.apply(event as unknown as Event, null, step.fireAt);
    }
  }

  /** One piece of work: the subject's events share a correlation id (and a fresh uuid costs ~20 µs here). */
  private readonly correlationId = newId();

  private apply(event: Event, actor: Party | null, at: Date): void {
    this.state = this.decider.evolve(this.state, event);
    this.events.push(toNewEvent(event as { type: string; data: unknown; eventId?: string }, actor, at, this.correlationId));
  }

  /** Hands the stream (and the conversations it proposed) to the sink. */
  pushTo(sink: EventSink): void {
    sink.push(this.streamId, this.events);
    for (const c of this.conversations) sink.push(c.streamId, [c.event]);
  }
}

// ---------------------------------------------------------------- notices

export interface NoticePlan {
  issuer: Party;
  target: Party;
  issuedAt: Date;
  dueAt: Date;
  items: number;
  /** When the items are rectified (null: left open); each is verified a day later. */
  finishAt: Date | null;
  /** Progress notes the target adds before finishing. */
  notes?: number;
  /** Share of items rejected once before they pass. */
  rejectRate?: number;
  title: string;
  /** Fire the ladder (reminders, levels) on this notice. */
  ladder?: boolean;
}

/** A supervision notice from issue to close (or left open), decided by the notice decider. */
export function decideNotice(plan: NoticePlan, rand: () => number): DecidedStream<NoticeState, NoticeCommand, NoticeEvent> {
  const noticeId = newId();
  const stream = new DecidedStream<NoticeState, NoticeCommand, NoticeEvent>(
    noticeDecider,
    noticeStream(noticeId),
    plan.ladder ? { kind: 'notice', subjectId: noticeId, targetOrgId: plan.target.orgId, supervisorOrgId: plan.issuer.orgId } : undefined,
  );
  const { issuer, target } = plan;
  const items = Array.from({ length: plan.items }, (_, i) => ({ problem: ['三会一课记录不全', '党费收缴不及时', '主题党日活动流于形式', '党员发展程序不规范'][i % 4]!, requiredAction: '限期整改并提交佐证材料' }));
  stream.run({ noticeId, type: 'IssueNotice', now: plan.issuedAt, actor: issuer, targetOrgId: target.orgId, title: plan.title, basis: '党建工作督查', items, dueAt: plan.dueAt }, issuer);
  stream.run({ noticeId, type: 'AcknowledgeNotice', now: new Date(plan.issuedAt.getTime() + DAY), actor: target }, target);
  if (!plan.finishAt) {
    stream.fireLadderUntil(new Date(plan.dueAt.getTime() + 30 * DAY));
    return stream;
  }
  const span = plan.finishAt.getTime() - plan.issuedAt.getTime();
  for (let n = 1; n <= (plan.notes ?? 0); n++) {
    stream.run({ noticeId, type: 'AddProgressNote', now: new Date(plan.issuedAt.getTime() + DAY + (span * n) / ((plan.notes ?? 0) + 2)), actor: target, text: `第${n}次整改进展：已召开专题会议研究整改措施` }, target);
  }
  for (let i = 1; i <= plan.items; i++) {
    const at = new Date(plan.finishAt.getTime() + i * 3_600_000);
    stream.run({ noticeId, type: 'RectifyItem', now: at, actor: target, itemId: String(i), evidence: '已整改，附会议记录扫描件' }, target);
    if (rand() < (plan.rejectRate ?? 0)) {
      stream.run({ noticeId, type: 'RejectItem', now: new Date(at.getTime() + 6 * 3_600_000), actor: issuer, itemId: String(i), reason: '佐证材料不完整' }, issuer);
      stream.run({ noticeId, type: 'RectifyItem', now: new Date(at.getTime() + 2 * DAY), actor: target, itemId: String(i), evidence: '已补充佐证材料' }, target);
    }
  }
  for (let i = 1; i <= plan.items; i++) {
    stream.run({ noticeId, type: 'VerifyItem', now: new Date(plan.finishAt.getTime() + 3 * DAY + i * 3_600_000), actor: issuer, itemId: String(i) }, issuer);
  }
  return stream;
}

// ---------------------------------------------------------------- reports

/**
 * One report of `org` for `period` (townships quarterly, villages half-yearly): opened when the
 * period starts, drafted twice, submitted (on time, late or very late), sometimes returned and
 * resubmitted, accepted by the supervisor.
 */
export function decideReport(org: Org, period: string, rand: () => number): DecidedStream<ReportState, ReportCommand, ReportEvent> {
  const supervisor = partyOf(org.parent);
  const self = partyOf(org.id);
  const stream = new DecidedStream<ReportState, ReportCommand, ReportEvent>(reportDecider, reportStream(org.id, period), {
    kind: 'report',
    subjectId: reportSubjectId(org.id, period),
    targetOrgId: org.id,
    supervisorOrgId: org.parent,
  });
  const opensAt = periodStart(period, BUSINESS_TZ);
  const dueAt = reportDueAt(period, DEFAULT_REPORTING_DUTIES, BUSINESS_TZ);
  stream.run({ type: 'OpenReportingObligation', now: opensAt, actor: { userId: 'system', orgId: org.parent }, orgId: org.id, supervisorOrgId: org.parent, period, dueAt }, null);
  const lateness = rand();
  // 80 % on time (a few days before the due day), 15 % late by days, 5 % late by weeks.
  const submitAt = new Date(dueAt.getTime() + (lateness < 0.8 ? -(1 + rand() * 8) * DAY : lateness < 0.95 ? (1 + rand() * 5) * DAY : (8 + rand() * 20) * DAY));
  const figures = { partyMembers: 20 + Math.floor(rand() * 80), meetingsHeld: 3 + Math.floor(rand() * 10), duesCollected: Math.round(rand() * 5000) };
  const sections = { summary: `${period}党建工作总结：落实三会一课制度，开展主题党日活动。`, problems: '个别党员参加组织生活不够经常。', plans: '下一阶段加强党员教育管理。' };
  stream.run({ type: 'SaveDraft', now: new Date(submitAt.getTime() - 10 * DAY), actor: self, sections, figures, prefilled: [] }, self);
  stream.run({ type: 'SaveDraft', now: new Date(submitAt.getTime() - DAY), actor: self, sections, figures, prefilled: ['meetingsHeld'] }, self);
  stream.run({ type: 'SubmitReport', now: submitAt, actor: self }, self);
  let reviewedAt = new Date(submitAt.getTime() + 2 * DAY);
  if (rand() < 0.15) {
    stream.run({ type: 'ReturnReport', now: reviewedAt, actor: supervisor, reasons: ['问题查摆不够深入，请补充'] }, supervisor);
    stream.run({ type: 'SaveDraft', now: new Date(reviewedAt.getTime() + DAY), actor: self, sections: { ...sections, problems: '问题查摆：组织生活质量不高。' }, figures, prefilled: [] }, self);
    stream.run({ type: 'SubmitReport', now: new Date(reviewedAt.getTime() + 2 * DAY), actor: self }, self);
    reviewedAt = new Date(reviewedAt.getTime() + 4 * DAY);
  }
  stream.run({ type: 'AcceptReport', now: reviewedAt, actor: supervisor, comment: rand() < 0.5 ? '同意' : null }, supervisor);
  return stream;
}

// ---------------------------------------------------------------- pledges

/** A yearly responsibility letter (责任书) from the supervisor: signed by both sides, items progressed and fulfilled, inspected. */
export function decidePledge(org: Org, year: string, rand: () => number): DecidedStream<PledgeState, PledgeCommand, PledgeEvent> {
  const pledgeId = newId();
  const supervisor = partyOf(org.parent);
  const self = partyOf(org.id);
  const stream = new DecidedStream<PledgeState, PledgeCommand, PledgeEvent>(pledgeDecider, pledgeStream(pledgeId), {
    kind: 'pledge',
    subjectId: pledgeId,
    targetOrgId: org.id,
    supervisorOrgId: org.parent,
  });
  const start = Date.parse(`${year}-02-01T09:00:00+08:00`);
  const dues = [120, 240, 330].map((d) => new Date(start + d * DAY));
  stream.run(
    {
      pledgeId, type: 'DraftPledge', now: new Date(start), actor: supervisor, kind: 'responsibility', title: `${year}年度党建工作目标责任书`, term: year,
      targetOrgId: org.id, supervisorOrgId: org.parent,
      items: dues.map((dueAt, i) => ({ content: ['落实党建工作责任制', '规范党员发展工作', '加强阵地建设'][i]!, weight: [40, 30, 30][i]!, dueAt })),
    },
    supervisor,
  );
  stream.run({ pledgeId, type: 'SignPledge', now: new Date(start + DAY), actor: supervisor, side: 'supervisor' }, supervisor);
  stream.run({ pledgeId, type: 'SignPledge', now: new Date(start + 3 * DAY), actor: self, side: 'target' }, self);
  dues.forEach((dueAt, i) => {
    const itemId = String(i + 1);
    stream.run({ pledgeId, type: 'ProgressPledgeItem', now: new Date(dueAt.getTime() - 40 * DAY), actor: self, itemId, note: '正在推进，已完成过半' }, self);
    // Most items are fulfilled before their due time; some a little after (the ladder fires meanwhile).
    const fulfilAt = new Date(dueAt.getTime() + (rand() < 0.85 ? -(2 + rand() * 10) : 1 + rand() * 6) * DAY);
    stream.run({ pledgeId, type: 'FulfilPledgeItem', now: fulfilAt, actor: self, itemId, evidence: '已完成，见工作台账' }, self);
  });
  stream.run({ pledgeId, type: 'InspectPledge', now: new Date(start + 340 * DAY), actor: supervisor, rating: (['excellent', 'good', 'good', 'fair'] as const)[Math.floor(rand() * 4)]!, findings: '责任落实到位' }, supervisor);
  return stream;
}

// ---------------------------------------------------------------- assessments and rankings

/** The 五评 assessment of `org` for `period` (scores, sometimes a veto, finalized), as the supervisor records it. */
export function decideAssessment(org: Org, period: string, rand: () => number): DecidedStream<AssessmentState, AssessmentCommand, DomainEvent> {
  const issuer = partyOf(org.parent);
  const stream = new DecidedStream<AssessmentState, AssessmentCommand, DomainEvent>(
    assessmentDecider as unknown as Decider<AssessmentState, AssessmentCommand, DomainEvent>,
    assessmentStream(org.id, period),
  );
  const at = new Date(Date.parse(`${Number(period) + 1}-01-10T02:00:00+08:00`));
  const common = { orgId: org.id, period, supervisorOrgId: org.parent, actor: issuer, now: at, scheme: DEFAULT_SCHEME };
  const score = () => Math.round((65 + rand() * 35) * 100) / 100;
  stream.run(
    {
      ...common,
      type: 'RecordAssessmentScores',
      groups: DEFAULT_SCHEME.groups.map((g) => ({ group: g.key, score: score(), evaluators: 10 + Math.floor(rand() * 100) })),
      category: DEFAULT_SCHEME.categories[Math.floor(rand() * 3)]!,
    },
    issuer,
  );
  if (rand() < 0.02) stream.run({ ...common, type: 'RecordVeto', veto: 'publicOrder', reason: '发生重大群体性事件' }, issuer);
  stream.run({ ...common, type: 'FinalizeAssessment' }, issuer);
  return stream;
}

const NO_INDICATORS = {
  indicators: { reportTimeliness: { onTime: 0, due: 0, eventIds: [] }, rectificationOnTime: { onTime: 0, due: 0, eventIds: [] }, pledgeFulfilment: { onTime: 0, due: 0, eventIds: [] } },
  deductions: { warning: { count: 0, eventIds: [] }, escalation: { count: 0, eventIds: [] }, reportLate: { count: 0, eventIds: [] }, reportMissed: { count: 0, eventIds: [] } },
} as Pick<ScoringInput, 'indicators' | 'deductions'>;

/** The supervisor's published ranking of its children's finalized assessments (version 1), as the publish handler decides it. */
export function decidePublishedRanking(supervisor: string, period: string, children: Array<{ org: Org; assessment: AssessmentState }>): { streamId: string; events: NewEvent[] } {
  const inputs: ScoringInput[] = children.flatMap(({ org, assessment: a }) => (!a.exists ? [] : [{
      orgId: org.id,
      orgName: org.id,
      orgKind: org.kind,
      category: a.category ?? DEFAULT_SCHEME.categories[0]!,
      groups: Object.fromEntries(Object.entries(a.groups).map(([k, g]) => [k, { ...g, eventId: null }])),
      items: {},
      indices: {},
      vetoes: Object.fromEntries(Object.entries(a.vetoes).map(([k, v]) => [k, { ...v, eventId: null }])),
      ...NO_INDICATORS,
    }]));
  const rows = rankOrganizations(inputs.map((input) => scoreOrganization(input, DEFAULT_SCHEME)), DEFAULT_SCHEME);
  const now = new Date(Date.parse(`${Number(period) + 1}-01-20T02:00:00+08:00`));
  const actor = partyOf(supervisor);
  const state: RankingState = rankingDecider.initialState();
  const decided = rankingDecider.decide({ type: 'PublishRanking', supervisorOrgId: supervisor, period, actor, now, scheme: DEFAULT_SCHEME, rows, standings: {}, previousBottom: null }, state);
  return { streamId: rankingStream(supervisor, period), events: decided.map((e) => toNewEvent(e, actor, now)) };
}

// ---------------------------------------------------------------- inbox reads

/** The organisation reads some of the inbox items the stream's events made for it (InboxItemRead, as `POST /inbox/:id/read` appends). */
export function readInboxItems(stream: { events: NewEvent[] }, orgId: string, share: number, rand: () => number): NewEvent[] {
  const reads: NewEvent[] = [];
  for (const event of stream.events) {
    for (const item of inboxItemsFor({ eventId: event.eventId, type: event.type, streamId: '', occurredAt: event.occurredAt, data: event.data })) {
      if (item.orgId !== orgId || rand() >= share) continue;
      reads.push(toNewEvent({ type: 'InboxItemRead', eventId: deterministicId('InboxItemRead', item.id), data: { itemId: item.id, orgId } }, partyOf(orgId), new Date(event.occurredAt.getTime() + 3_600_000)));
    }
  }
  return reads;
}

export { inboxStream };
