import {
  assertNever,
  closeDeadline,
  conflict,
  deterministicId,
  evolveDeadlineWithLadderEvent,
  FieldProblems,
  invalid,
  isBlank,
  isLadderEvent,
  moveDeadline,
  notFound,
  openDeadline,
  type Deadline,
  type Decider,
} from '@app/kernel';
import type {
  DraftPledge,
  EvaluatePledge,
  FulfilPledgeItem,
  InspectPledge,
  PledgeCommand,
  ProgressPledgeItem,
  SignPledge,
  TakeOverCommitments,
} from './pledge.commands.js';
import {
  INSPECTION_RATINGS,
  PLEDGE_KINDS,
  PLEDGE_SIDES,
  type InspectionRating,
  type PledgeEvent,
  type PledgeKind,
  type PledgeLadderEvent,
  type PledgeOrigin,
  type PledgeSide,
} from './pledge.events.js';

/** `pledge-<uuid>` (DESIGN §3): the one function that names the stream. */
export const pledgeStream = (id: string): string => `pledge-${id}`;

/**
 * drafted (signatures being gathered) → active (a responsibility letter signed by both sides) or
 * published (a public pledge signed by the pledging organisation) → completed (every item fulfilled).
 */
export const PLEDGE_STATUSES = ['drafted', 'active', 'published', 'completed'] as const;
export type PledgeStatus = (typeof PLEDGE_STATUSES)[number];

export interface PledgeItem {
  id: string;
  content: string;
  weight: number | null;
  dueAt: Date;
  status: 'open' | 'fulfilled';
  progressNotes: Array<{ note: string; by: string; at: Date }>;
  fulfilledAt: Date | null;
  evidence: string | null;
}

export interface Pledge {
  exists: true;
  id: string;
  kind: PledgeKind;
  title: string;
  term: string;
  targetOrgId: string;
  supervisorOrgId: string | null;
  pledgedBy: string | null;
  /** The held conversation whose commitments it holds; null when drafted by hand. */
  origin: PledgeOrigin | null;
  draftedBy: string;
  draftedAt: Date;
  status: PledgeStatus;
  signatures: Array<{ side: PledgeSide; signedBy: string; at: Date }>;
  items: PledgeItem[];
  inspections: Array<{ id: string; rating: InspectionRating; findings: string; by: string; at: Date }>;
  evaluations: Array<{ id: string; leaderComment: string; publicScore: number; by: string; at: Date }>;
  /** The due time of the earliest open item, from activation (or publication) until every item is fulfilled. */
  deadline: Deadline | null;
  completedAt: Date | null;
}

export type PledgeState = { exists: false } | Pledge;

/** Stable codes; the kind of each error decides its HTTP status. */
export const PLEDGE_ERRORS = {
  NOT_FOUND: 'PLEDGE.NOT_FOUND',
  ALREADY_EXISTS: 'PLEDGE.ALREADY_EXISTS',
  INVALID: 'PLEDGE.INVALID',
  TIME_IN_PAST: 'PLEDGE.TIME_IN_PAST',
  SELF_TARGET: 'PLEDGE.SELF_TARGET',
  NOT_A_PARTY: 'PLEDGE.NOT_A_PARTY',
  ITEM_NOT_FOUND: 'PLEDGE.ITEM_NOT_FOUND',
  ALREADY_SIGNED: 'PLEDGE.ALREADY_SIGNED',
  NOT_ACTIVE: 'PLEDGE.NOT_ACTIVE',
  ITEM_FULFILLED: 'PLEDGE.ITEM_FULFILLED',
  NOT_TO_SIGN: 'PLEDGE.NOT_TO_SIGN',
} as const;

export function initialPledgeState(): PledgeState {
  return { exists: false };
}

// ---------------------------------------------------------------- rules

/** Fields that fail collect here, so one answer names all of them. */
const fieldProblems = (): FieldProblems => new FieldProblems({ invalid: PLEDGE_ERRORS.INVALID, timeInPast: PLEDGE_ERRORS.TIME_IN_PAST });

const isLive = (pledge: Pledge): boolean => pledge.status === 'active' || pledge.status === 'published' || pledge.status === 'completed';

/**
 * The pledge a command on an existing one acts on. Who may act, and for which side, is the pledge
 * policy's (pledge.policy.ts), asked before the decider.
 */
function existing(state: PledgeState): Pledge {
  if (!state.exists) throw notFound(PLEDGE_ERRORS.NOT_FOUND, 'No such pledge');
  return state;
}

function live(pledge: Pledge, what: string): void {
  if (!isLive(pledge)) {
    throw conflict(PLEDGE_ERRORS.NOT_ACTIVE, `The pledge is not signed by every side yet; it cannot be ${what}`, { pledgeStatus: pledge.status });
  }
}

function openItem(pledge: Pledge, itemId: string, what: string): PledgeItem {
  const item = pledge.items.find((candidate) => candidate.id === itemId);
  if (!item) throw notFound(PLEDGE_ERRORS.ITEM_NOT_FOUND, `No item ${itemId} in this pledge`);
  live(pledge, what);
  if (item.status === 'fulfilled') throw conflict(PLEDGE_ERRORS.ITEM_FULFILLED, `Item ${itemId} is fulfilled already`, { itemStatus: item.status });
  return item;
}

const parties = (pledge: Pledge) => ({ targetOrgId: pledge.targetOrgId, supervisorOrgId: pledge.supervisorOrgId });

// ---------------------------------------------------------------- decide

function draft(command: DraftPledge, state: PledgeState): PledgeEvent[] {
  if (state.exists) throw conflict(PLEDGE_ERRORS.ALREADY_EXISTS, 'A pledge with this id already exists');
  const problems = fieldProblems();
  if (!(PLEDGE_KINDS as readonly string[]).includes(command.kind)) problems.add('kind', `must be one of ${PLEDGE_KINDS.join(', ')}`);
  const title = problems.text('title', command.title);
  const term = problems.text('term', command.term);
  const targetOrgId = problems.text('targetOrgId', command.targetOrgId);
  const items = Array.isArray(command.items) ? command.items : [];
  if (items.length === 0) problems.add('items', 'must hold at least one item');
  const contents = items.map((item, index) => {
    problems.future(`items.${index}.dueAt`, item?.dueAt, command.now);
    const weight = item?.weight ?? null;
    if (command.kind === 'responsibility' && weight === null) problems.add(`items.${index}.weight`, 'must be given for a responsibility letter');
    if (weight !== null && (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0)) problems.add(`items.${index}.weight`, 'must be a positive number');
    return problems.text(`items.${index}.content`, item?.content);
  });
  problems.throwIfAny('The pledge is incomplete');
  if (command.kind === 'responsibility') {
    if (command.supervisorOrgId === null || targetOrgId === command.supervisorOrgId) {
      throw invalid(PLEDGE_ERRORS.SELF_TARGET, 'A responsibility letter is between a supervising organisation and one of its children');
    }
  }
  return [
    {
      type: 'PledgeDrafted',
      data: {
        pledgeId: command.pledgeId,
        kind: command.kind,
        title,
        term,
        targetOrgId,
        supervisorOrgId: command.supervisorOrgId,
        pledgedBy: command.kind === 'public' && !isBlank(command.pledgedBy) ? command.pledgedBy!.trim() : null,
        draftedBy: command.actor.userId,
        items: items.map((item, index) => ({ id: String(index + 1), content: contents[index]!, weight: item.weight ?? null, dueAt: item.dueAt.toISOString() })),
        at: command.now.toISOString(),
      },
    },
  ];
}

function takeOver(command: TakeOverCommitments, state: PledgeState): PledgeEvent[] {
  if (state.exists) throw conflict(PLEDGE_ERRORS.ALREADY_EXISTS, 'The commitments of this conversation are a letter already');
  const problems = fieldProblems();
  const title = problems.text('title', command.title);
  const term = problems.text('term', command.term);
  const conversationId = problems.text('conversationId', command.conversationId);
  const commitments = Array.isArray(command.commitments) ? command.commitments : [];
  if (commitments.length === 0) problems.add('commitments', 'must hold at least one commitment');
  const contents = commitments.map((commitment, index) => {
    // Against the time the conversation was held (the command's time), as the conversation checked it.
    problems.future(`commitments.${index}.dueAt`, commitment?.dueAt, command.now);
    return problems.text(`commitments.${index}.text`, commitment?.text);
  });
  problems.throwIfAny('The commitments cannot become a letter');
  if (command.supervisorOrgId === command.targetOrgId) {
    throw invalid(PLEDGE_ERRORS.SELF_TARGET, 'A responsibility letter is between a supervising organisation and one of its children');
  }
  const origin: PledgeOrigin = { kind: 'conversation', conversationId };
  const parties = { targetOrgId: command.targetOrgId, supervisorOrgId: command.supervisorOrgId };
  const at = command.now.toISOString();
  return [
    {
      type: 'PledgeDrafted',
      data: {
        pledgeId: command.pledgeId,
        kind: 'responsibility',
        title,
        term,
        ...parties,
        pledgedBy: null,
        draftedBy: command.actor.userId,
        // Commitments carry no weights: each counts as one item.
        items: commitments.map((commitment, index) => ({ id: String(index + 1), content: contents[index]!, weight: null, dueAt: commitment.dueAt.toISOString() })),
        origin,
        at,
      },
    },
    { type: 'PledgeActivated', data: { ...parties, basis: origin, at } },
  ];
}

function sign(command: SignPledge, state: PledgeState): PledgeEvent[] {
  if (!(PLEDGE_SIDES as readonly string[]).includes(command.side)) {
    throw invalid(PLEDGE_ERRORS.INVALID, 'side must be supervisor or target', [{ field: 'side', messages: ['must be supervisor or target'] }]);
  }
  const pledge = existing(state);
  if (pledge.origin) {
    throw conflict(PLEDGE_ERRORS.NOT_TO_SIGN, 'The commitments were minuted in the conversation; the letter is in force without signatures', { pledgeStatus: pledge.status });
  }
  if (pledge.signatures.some((signature) => signature.side === command.side)) {
    throw conflict(PLEDGE_ERRORS.ALREADY_SIGNED, `The ${command.side} side has signed already`, { pledgeStatus: pledge.status });
  }
  const at = command.now.toISOString();
  const signed: PledgeEvent = { type: 'PledgeSigned', data: { ...parties(pledge), side: command.side, signedBy: command.actor.userId, at } };
  // A public pledge is made public by the pledging organisation's signature.
  if (pledge.kind === 'public') return [signed, { type: 'PledgePublished', data: { ...parties(pledge), at } }];
  return [signed];
}

function progress(command: ProgressPledgeItem, state: PledgeState): PledgeEvent[] {
  const pledge = existing(state);
  const problems = fieldProblems();
  const note = problems.text('note', command.note);
  problems.throwIfAny('A progress note needs text');
  const item = openItem(pledge, command.itemId, 'progressed');
  return [{ type: 'PledgeItemProgressed', data: { ...parties(pledge), itemId: item.id, note, by: command.actor.userId, at: command.now.toISOString() } }];
}

function fulfil(command: FulfilPledgeItem, state: PledgeState): PledgeEvent[] {
  const pledge = existing(state);
  const problems = fieldProblems();
  const evidence = problems.text('evidence', command.evidence);
  problems.throwIfAny('Fulfilling an item needs evidence');
  const item = openItem(pledge, command.itemId, 'fulfilled');
  const at = command.now.toISOString();
  const events: PledgeEvent[] = [{ type: 'PledgeItemFulfilled', data: { ...parties(pledge), itemId: item.id, evidence, by: command.actor.userId, at } }];
  const othersOpen = pledge.items.some((other) => other.id !== item.id && other.status === 'open');
  if (!othersOpen) events.push({ type: 'PledgeCompleted', data: { ...parties(pledge), at } });
  return events;
}

function inspect(command: InspectPledge, state: PledgeState): PledgeEvent[] {
  const pledge = existing(state);
  const problems = fieldProblems();
  if (!(INSPECTION_RATINGS as readonly string[]).includes(command.rating)) problems.add('rating', `must be one of ${INSPECTION_RATINGS.join(', ')}`);
  const findings = problems.text('findings', command.findings);
  problems.throwIfAny('The inspection is incomplete');
  live(pledge, 'inspected');
  return [
    {
      type: 'PledgeInspected',
      data: { ...parties(pledge), inspectionId: String(pledge.inspections.length + 1), rating: command.rating, findings, by: command.actor.userId, at: command.now.toISOString() },
    },
  ];
}

function evaluate(command: EvaluatePledge, state: PledgeState): PledgeEvent[] {
  const pledge = existing(state);
  const problems = fieldProblems();
  const leaderComment = problems.text('leaderComment', command.leaderComment);
  const score = command.publicScore;
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 100) problems.add('publicScore', 'must be a number from 0 to 100');
  problems.throwIfAny('The evaluation is incomplete');
  live(pledge, 'evaluated');
  return [
    {
      type: 'PledgeEvaluated',
      data: { ...parties(pledge), evaluationId: String(pledge.evaluations.length + 1), leaderComment, publicScore: score, by: command.actor.userId, at: command.now.toISOString() },
    },
  ];
}

export function decidePledge(command: PledgeCommand, state: PledgeState): PledgeEvent[] {
  switch (command.type) {
    case 'TakeOverCommitments':
      // An effect of the conversation's event: ids derived from it, so a reactor running again appends nothing twice.
      return takeOver(command, state).map((event, i) => ({ ...event, eventId: deterministicId('pledge-effect', command.effectId, i) }));
    case 'DraftPledge':
      return draft(command, state);
    case 'SignPledge':
      return sign(command, state);
    case 'ProgressPledgeItem':
      return progress(command, state);
    case 'FulfilPledgeItem':
      return fulfil(command, state);
    case 'InspectPledge':
      return inspect(command, state);
    case 'EvaluatePledge':
      return evaluate(command, state);
    default:
      return assertNever(command, 'pledge command');
  }
}

// ---------------------------------------------------------------- evolve

/** The due time of the earliest open item: what the pledge's one deadline runs on. */
function earliestOpenDue(items: PledgeItem[]): Date | null {
  const open = items.filter((item) => item.status === 'open').map((item) => item.dueAt.getTime());
  return open.length === 0 ? null : new Date(Math.min(...open));
}

/**
 * Once live: opens on the earliest open item, moves to the next one's due time when it is fulfilled
 * (a new version: the ladder starts again from level 0), closes when none is left.
 */
function followItems(pledge: Pledge, items: PledgeItem[], at: Date): Deadline | null {
  const due = earliestOpenDue(items);
  const current = pledge.deadline;
  if (!current) return due ? openDeadline('pledge', due) : null;
  if (!due) return current.status === 'open' ? closeDeadline(current, at) : current;
  if (due.getTime() === current.dueAt.getTime()) return current;
  // The next item is no extension of the last: its own due time is the one it is judged against.
  return { ...moveDeadline(current, due), originalDueAt: due };
}

function isPledgeLadderEvent(event: PledgeEvent): event is PledgeLadderEvent {
  return isLadderEvent(event.type);
}

export function evolvePledge(state: PledgeState, event: PledgeEvent): PledgeState {
  if (event.type === 'PledgeDrafted') {
    const data = event.data;
    return {
      exists: true,
      id: data.pledgeId,
      kind: data.kind,
      title: data.title,
      term: data.term,
      targetOrgId: data.targetOrgId,
      supervisorOrgId: data.supervisorOrgId,
      pledgedBy: data.pledgedBy,
      origin: data.origin ?? null,
      draftedBy: data.draftedBy,
      draftedAt: new Date(data.at),
      status: 'drafted',
      signatures: [],
      items: data.items.map((item) => ({ ...item, dueAt: new Date(item.dueAt), status: 'open', progressNotes: [], fulfilledAt: null, evidence: null })),
      inspections: [],
      evaluations: [],
      deadline: null,
      completedAt: null,
    };
  }
  // Anything before the draft cannot be folded into a pledge that does not exist.
  if (!state.exists) return state;
  const pledge = state;
  if (isPledgeLadderEvent(event)) {
    return pledge.deadline ? { ...pledge, deadline: evolveDeadlineWithLadderEvent(pledge.deadline, event.type, event.data) } : pledge;
  }
  switch (event.type) {
    case 'PledgeSigned': {
      const signatures = [...pledge.signatures, { side: event.data.side, signedBy: event.data.signedBy, at: new Date(event.data.at) }];
      const bothSigned = PLEDGE_SIDES.every((side) => signatures.some((signature) => signature.side === side));
      if (pledge.kind !== 'responsibility' || !bothSigned) return { ...pledge, signatures };
      return { ...pledge, signatures, status: 'active', deadline: followItems(pledge, pledge.items, new Date(event.data.at)) };
    }
    case 'PledgeActivated':
      return { ...pledge, status: 'active', deadline: followItems(pledge, pledge.items, new Date(event.data.at)) };
    case 'PledgePublished':
      return { ...pledge, status: 'published', deadline: followItems(pledge, pledge.items, new Date(event.data.at)) };
    case 'PledgeItemProgressed': {
      const { itemId, note, by, at } = event.data;
      return { ...pledge, items: pledge.items.map((item) => (item.id === itemId ? { ...item, progressNotes: [...item.progressNotes, { note, by, at: new Date(at) }] } : item)) };
    }
    case 'PledgeItemFulfilled': {
      const { itemId, evidence, at } = event.data;
      const items = pledge.items.map((item) => (item.id === itemId ? { ...item, status: 'fulfilled' as const, fulfilledAt: new Date(at), evidence } : item));
      return { ...pledge, items, deadline: followItems(pledge, items, new Date(at)) };
    }
    case 'PledgeInspected': {
      const { inspectionId, rating, findings, by, at } = event.data;
      return { ...pledge, inspections: [...pledge.inspections, { id: inspectionId, rating, findings, by, at: new Date(at) }] };
    }
    case 'PledgeEvaluated': {
      const { evaluationId, leaderComment, publicScore, by, at } = event.data;
      return { ...pledge, evaluations: [...pledge.evaluations, { id: evaluationId, leaderComment, publicScore, by, at: new Date(at) }] };
    }
    case 'PledgeCompleted':
      return { ...pledge, status: 'completed', completedAt: new Date(event.data.at) };
    default:
      return assertNever(event, 'pledge event');
  }
}

export const pledgeDecider: Decider<PledgeState, PledgeCommand, PledgeEvent> = {
  initialState: initialPledgeState,
  decide: decidePledge,
  evolve: evolvePledge,
};
