import type { InspectionRating, PledgeKind, PledgeSide } from './pledge.events.js';

/** Who acts; role and scope are checked before the decider, the organisation inside it. */
export interface Actor {
  userId: string;
  orgId: string;
}

/** Every command brings the time it is decided at (the decider reads no clock). */
interface PledgeCommandBase {
  pledgeId: string;
  now: Date;
  actor: Actor;
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

export type PledgeCommand = DraftPledge | SignPledge | ProgressPledgeItem | FulfilPledgeItem | InspectPledge | EvaluatePledge;
