import type { Actor } from '@app/kernel';
import type { InspectionRating, PledgeKind, PledgeSide } from './pledge.events.js';


/** Every command brings the time it is decided at (the decider reads no clock). */
interface PledgeCommandBase {
  pledgeId: string;
  now: Date;
  /** Who acts (recorded in the events); whether they may is the pledge policy's question. */
  actor: Pick<Actor, 'userId' | 'orgId'>;
}

/**
 * A responsibility letter is drafted by the supervisor (the actor's organisation, the target's
 * parent); a public pledge by the pledging organisation itself, whose parent (if any) supervises.
 */
export interface DraftPledge extends PledgeCommandBase {
  type: 'DraftPledge';
  kind: PledgeKind;
  title: string;
  term: string;
  targetOrgId: string;
  supervisorOrgId: string | null;
  pledgedBy?: string | null;
  items: Array<{ content: string; weight?: number | null; dueAt: Date }>;
}

/** The side follows from who signs (the handler knows the actor's role towards the target). */
export interface SignPledge extends PledgeCommandBase {
  type: 'SignPledge';
  side: PledgeSide;
}

export interface ProgressPledgeItem extends PledgeCommandBase {
  type: 'ProgressPledgeItem';
  itemId: string;
  note: string;
}

export interface FulfilPledgeItem extends PledgeCommandBase {
  type: 'FulfilPledgeItem';
  itemId: string;
  evidence: string;
}

export interface InspectPledge extends PledgeCommandBase {
  type: 'InspectPledge';
  rating: InspectionRating;
  findings: string;
}

export interface EvaluatePledge extends PledgeCommandBase {
  type: 'EvaluatePledge';
  leaderComment: string;
  publicScore: number;
}

/**
 * The commitments made and minuted in a held conversation (诫勉谈话) become a responsibility letter
 * between the conversation's supervisor and its target, active at once (see README): sent by the
 * pledges reactor, with `effectId` the conversation event it follows from.
 */
export interface TakeOverCommitments extends PledgeCommandBase {
  type: 'TakeOverCommitments';
  conversationId: string;
  targetOrgId: string;
  supervisorOrgId: string;
  title: string;
  term: string;
  commitments: Array<{ text: string; dueAt: Date }>;
  /** The event this is the effect of: the decided events get ids derived from it (appended once however often it runs). */
  effectId: string;
}

export type PledgeCommand = TakeOverCommitments | DraftPledge | SignPledge | ProgressPledgeItem | FulfilPledgeItem | InspectPledge | EvaluatePledge;
