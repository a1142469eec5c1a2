import { assertNever, conflict, FieldProblems, forbidden, type Actor, type Decider, type DomainEvent } from '@app/kernel';
import { hasTwoDecimalsAtMost, type AssessmentScheme } from './scheme.js';

/** `assessment-<orgId>-<period>` (DESIGN §3): one assessment of one organisation for one period. */
export const assessmentStream = (orgId: string, period: string): string => `assessment-${orgId}-${period}`;

export const ASSESSMENT_ERRORS = {
  INVALID: 'ASSESSMENT.INVALID',
  NOT_SUPERVISOR: 'ASSESSMENT.NOT_SUPERVISOR',
  FINALIZED: 'ASSESSMENT.FINALIZED',
  INCOMPLETE: 'ASSESSMENT.INCOMPLETE',
  NOT_FOUND: 'ASSESSMENT.NOT_FOUND',
} as const;

const TEXT_MAX = 2000;


interface CommandBase {
  orgId: string;
  period: string;
  /** Fact of the organisation tree: the assessed organisation's parent, who assesses it. */
  supervisorOrgId: string;
  actor: Pick<Actor, 'userId' | 'orgId'>;
  now: Date;
  /** The scheme in force (configuration), against which every key and range is checked. */
  scheme: AssessmentScheme;
  /** Required once the assessment is finalized: then a change is a recorded correction. */
  correctionReason?: string | null;
}

export interface RecordAssessmentScores extends CommandBase {
  type: 'RecordAssessmentScores';
  groups?: Array<{ group: string; score: number; evaluators: number }>;
  items?: Array<{ item: string; score: number; evidence: string }>;
  indices?: Array<{ index: string; score: number }>;
  category?: string | null;
}

export interface RecordVeto extends CommandBase {
  type: 'RecordVeto';
  veto: string;
  reason: string;
  /** True lifts a veto recorded earlier (a correction). */
  lift?: boolean;
}

export interface FinalizeAssessment extends CommandBase {
  type: 'FinalizeAssessment';
}

export type AssessmentCommand = RecordAssessmentScores | RecordVeto | FinalizeAssessment;

type EventBase = {
  orgId: string;
  period: string;
  supervisorOrgId: string;
  by: string;
  at: string;
  /** The reason of a correction after finalizing; null before. */
  correction: string | null;
};

export type AssessmentScoresRecorded = DomainEvent<
  'AssessmentScoresRecorded',
  EventBase & {
    schemeVersion: string;
    groups: Array<{ group: string; score: number; evaluators: number }>;
    items: Array<{ item: string; score: number; evidence: string }>;
    indices: Array<{ index: string; score: number }>;
    category: string | null;
  }
>;
export type AssessmentVetoRecorded = DomainEvent<'AssessmentVetoRecorded', EventBase & { veto: string; reason: string; lifted: boolean }>;
export type AssessmentFinalized = DomainEvent<'AssessmentFinalized', EventBase>;

export type AssessmentEvent = AssessmentScoresRecorded | AssessmentVetoRecorded | AssessmentFinalized;

export interface Assessment {
  exists: true;
  orgId: string;
  period: string;
  supervisorOrgId: string;
  /** The latest score of each evaluator group (a later record replaces an earlier one). */
  groups: Record<string, { score: number; evaluators: number }>;
  items: Record<string, { score: number; evidence: string }>;
  indices: Record<string, number>;
  category: string | null;
  vetoes: Record<string, { reason: string }>;
  finalized: boolean;
  finalizedAt: string | null;
  corrections: number;
}

export type AssessmentState = { exists: false } | Assessment;

const problemsFor = () => new FieldProblems({ invalid: ASSESSMENT_ERRORS.INVALID, timeInPast: ASSESSMENT_ERRORS.INVALID });

function scoreProblem(problems: FieldProblems, field: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max || !hasTwoDecimalsAtMost(value)) {
    problems.add(field, `must be a number from 0 to ${max} with at most two decimals`);
    return 0;
  }
  return value;
}

function keyProblem(problems: FieldProblems, field: string, value: unknown, known: Array<{ key: string }>, what: string): string {
  if (typeof value !== 'string' || !known.some((k) => k.key === value)) {
    problems.add(field, `unknown ${what}${typeof value === 'string' ? ` "${value}"` : ''} (the scheme knows: ${known.map((k) => k.key).join(', ') || 'none'})`);
    return '';
  }
  return value;
}

function duplicates(problems: FieldProblems, field: string, keys: string[]): void {
  keys.forEach((key, i) => {
    if (key !== '' && keys.indexOf(key) !== i) problems.add(`${field}[${i}]`, `"${key}" is given twice`);
  });
}

/** The supervisor may act; once finalized, only as a correction with a reason. */
function guard(command: AssessmentCommand, state: AssessmentState, problems: FieldProblems): string | null {
  if (command.actor.orgId !== command.supervisorOrgId || (state.exists && state.supervisorOrgId !== command.actor.orgId)) {
    throw forbidden(ASSESSMENT_ERRORS.NOT_SUPERVISOR, 'Only the supervising organisation assesses this organisation');
  }
  if (!state.exists || !state.finalized) return null;
  const reason = command.correctionReason;
  if (reason === undefined || reason === null) {
    throw conflict(ASSESSMENT_ERRORS.FINALIZED, 'The assessment is finalized; send a correctionReason to record a correction', { finalizedAt: state.finalizedAt });
  }
  const text = problems.text('correctionReason', reason);
  if (text.length > TEXT_MAX) problems.add('correctionReason', `must be at most ${TEXT_MAX} characters`);
  return text;
}

function base(command: AssessmentCommand, correction: string | null): EventBase {
  return {
    orgId: command.orgId,
    period: command.period,
    supervisorOrgId: command.supervisorOrgId,
    by: command.actor.userId,
    at: command.now.toISOString(),
    correction,
  };
}

function recordScores(command: RecordAssessmentScores, state: AssessmentState): AssessmentEvent[] {
  const problems = problemsFor();
  const correction = guard(command, state, problems);
  const { scheme } = command;
  const groups = (command.groups ?? []).map((g, i) => ({
    group: keyProblem(problems, `groups[${i}].group`, g.group, scheme.groups, 'evaluator group'),
    score: scoreProblem(problems, `groups[${i}].score`, g.score, 100),
    evaluators: Number.isInteger(g.evaluators) && g.evaluators > 0 && g.evaluators <= 1_000_000 ? g.evaluators : (problems.add(`groups[${i}].evaluators`, 'must be a whole number of evaluators, at least 1'), 0),
  }));
  duplicates(problems, 'groups', groups.map((g) => g.group));
  const items = (command.items ?? []).map((it, i) => {
    const item = keyProblem(problems, `items[${i}].item`, it.item, scheme.items, 'quantified item');
    const max = scheme.items.find((x) => x.key === item)?.max ?? 100;
    const evidence = problems.text(`items[${i}].evidence`, it.evidence);
    if (evidence.length > TEXT_MAX) problems.add(`items[${i}].evidence`, `must be at most ${TEXT_MAX} characters`);
    return { item, score: scoreProblem(problems, `items[${i}].score`, it.score, max), evidence };
  });
  duplicates(problems, 'items', items.map((x) => x.item));
  const indices = (command.indices ?? []).map((ix, i) => {
    const index = keyProblem(problems, `indices[${i}].index`, ix.index, scheme.stars.indices, 'star index');
    const max = scheme.stars.indices.find((x) => x.key === index)?.max ?? 100;
    return { index, score: scoreProblem(problems, `indices[${i}].score`, ix.score, max) };
  });
  duplicates(problems, 'indices', indices.map((x) => x.index));
  const category = command.category ?? null;
  if (category !== null && !scheme.categories.includes(category)) problems.add('category', `must be one of ${scheme.categories.join(', ')}`);
  if (groups.length + items.length + indices.length === 0 && category === null) {
    problems.add('groups', 'give at least one group score, item score, star index or the category');
  }
  problems.throwIfAny('The scores are not valid');
  return [
    {
      type: 'AssessmentScoresRecorded',
      data: { ...base(command, correction), schemeVersion: scheme.version, groups, items, indices, category },
    },
  ];
}

function recordVeto(command: RecordVeto, state: AssessmentState): AssessmentEvent[] {
  const problems = problemsFor();
  const correction = guard(command, state, problems);
  const veto = keyProblem(problems, 'item', command.veto, command.scheme.vetoes, 'veto item');
  const reason = problems.text('reason', command.reason);
  if (reason.length > TEXT_MAX) problems.add('reason', `must be at most ${TEXT_MAX} characters`);
  problems.throwIfAny('The veto is not valid');
  const lifted = command.lift === true;
  const held = state.exists && veto in state.vetoes;
  // Recording what already stands changes nothing (a retry, or a double click).
  if (lifted ? !held : held) return [];
  return [{ type: 'AssessmentVetoRecorded', data: { ...base(command, correction), veto, reason, lifted } }];
}

function finalize(command: FinalizeAssessment, state: AssessmentState): AssessmentEvent[] {
  if (command.actor.orgId !== command.supervisorOrgId || (state.exists && state.supervisorOrgId !== command.actor.orgId)) {
    throw forbidden(ASSESSMENT_ERRORS.NOT_SUPERVISOR, 'Only the supervising organisation assesses this organisation');
  }
  if (state.exists && state.finalized) return [];
  const missing = command.scheme.groups.filter((g) => !state.exists || !(g.key in state.groups)).map((g) => g.key);
  if (missing.length > 0) {
    throw conflict(ASSESSMENT_ERRORS.INCOMPLETE, `Every evaluator group needs a score before finalizing; missing: ${missing.join(', ')}`, { missing });
  }
  return [{ type: 'AssessmentFinalized', data: base(command, null) }];
}

function decide(command: AssessmentCommand, state: AssessmentState): AssessmentEvent[] {
  switch (command.type) {
    case 'RecordAssessmentScores':
      return recordScores(command, state);
    case 'RecordVeto':
      return recordVeto(command, state);
    case 'FinalizeAssessment':
      return finalize(command, state);
    default:
      return assertNever(command, 'assessment command');
  }
}

function initialState(): AssessmentState {
  return { exists: false };
}

function started(state: AssessmentState, data: EventBase): Assessment {
  if (state.exists) return state;
  return {
    exists: true,
    orgId: data.orgId,
    period: data.period,
    supervisorOrgId: data.supervisorOrgId,
    groups: {},
    items: {},
    indices: {},
    category: null,
    vetoes: {},
    finalized: false,
    finalizedAt: null,
    corrections: 0,
  };
}

function evolve(state: AssessmentState, event: AssessmentEvent): AssessmentState {
  const current = started(state, event.data);
  const corrections = current.corrections + (event.data.correction === null ? 0 : 1);
  switch (event.type) {
    case 'AssessmentScoresRecorded': {
      const d = event.data;
      return {
        ...current,
        corrections,
        groups: { ...current.groups, ...Object.fromEntries(d.groups.map((g) => [g.group, { score: g.score, evaluators: g.evaluators }])) },
        items: { ...current.items, ...Object.fromEntries(d.items.map((x) => [x.item, { score: x.score, evidence: x.evidence }])) },
        indices: { ...current.indices, ...Object.fromEntries(d.indices.map((x) => [x.index, x.score])) },
        category: d.category ?? current.category,
      };
    }
    case 'AssessmentVetoRecorded': {
      const vetoes = { ...current.vetoes };
      if (event.data.lifted) delete vetoes[event.data.veto];
      else vetoes[event.data.veto] = { reason: event.data.reason };
      return { ...current, corrections, vetoes };
    }
    case 'AssessmentFinalized':
      return { ...current, finalized: true, finalizedAt: event.data.at };
    default:
      return assertNever(event, 'assessment event');
  }
}

export const assessmentDecider: Decider<AssessmentState, AssessmentCommand, AssessmentEvent> = { initialState, decide, evolve };

/** Which event last set each component: the explanation links every point to it. */
export type AssessmentSources = Record<string, string>;

/** `group:masses`, `item:x`, `index:y`, `veto:economy`, `category`, `finalized`: the keys of AssessmentSources. */
export function sourcesOf(event: { type: string; data: unknown }): string[] {
  const e = event as AssessmentEvent;
  switch (e.type) {
    case 'AssessmentScoresRecorded':
      return [
        ...e.data.groups.map((g) => `group:${g.group}`),
        ...e.data.items.map((x) => `item:${x.item}`),
        ...e.data.indices.map((x) => `index:${x.index}`),
        ...(e.data.category === null ? [] : ['category']),
      ];
    case 'AssessmentVetoRecorded':
      return [`veto:${e.data.veto}`];
    case 'AssessmentFinalized':
      return ['finalized'];
    default:
      return [];
  }
}
