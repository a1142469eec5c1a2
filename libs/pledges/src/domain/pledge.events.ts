import type { DomainEvent, LadderEventData, LadderEventType } from '@app/kernel';

/**
 * Events of a pledge (承诺 / 责任书), on `pledge-<uuid>`. Data is JSON: instants are ISO strings;
 * `at` is the business time it happened (evolve sees only the event). Every event names
 * `targetOrgId` (and `supervisorOrgId` where there is one), so the organisation timelines file it.
 */
export const PLEDGE_KINDS = ['responsibility', 'public'] as const;
/** `responsibility`: a responsibility letter (责任书) with a direct child; `public`: a public pledge (公开承诺). */
export type PledgeKind = (typeof PLEDGE_KINDS)[number];

export const PLEDGE_SIDES = ['supervisor', 'target'] as const;
export type PledgeSide = (typeof PLEDGE_SIDES)[number];

export const INSPECTION_RATINGS = ['excellent', 'good', 'fair', 'poor'] as const;
export type InspectionRating = (typeof INSPECTION_RATINGS)[number];

/** Where a pledge came from when nobody drafted it by hand: the commitments of a held conversation. */
export type PledgeOrigin = { kind: 'conversation'; conversationId: string };

type Parties = {
  targetOrgId: string;
  supervisorOrgId: string | null;
};

export type PledgeDrafted = DomainEvent<
  'PledgeDrafted',
  Parties & {
    pledgeId: string;
    kind: PledgeKind;
    title: string;
    term: string;
    /** Who pledges, for a public pledge made on behalf of a member; null otherwise. */
    pledgedBy: string | null;
    draftedBy: string;
    /** Ids in order ("1", "2", ...). */
    items: Array<{ id: string; content: string; weight: number | null; dueAt: string }>;
    /** Absent (or null) for a pledge drafted by hand. */
    origin?: PledgeOrigin | null;
    at: string;
  }
>;

/**
 * A responsibility letter in force without signatures: its items are commitments the target made
 * and the supervisor minuted in a held conversation (the minutes are the record both sides gave).
 */
export type PledgeActivated = DomainEvent<'PledgeActivated', Parties & { basis: PledgeOrigin; at: string }>;

export type PledgeSigned = DomainEvent<'PledgeSigned', Parties & { side: PledgeSide; signedBy: string; at: string }>;

/** A public pledge made public by the pledging organisation (its signature). */
export type PledgePublished = DomainEvent<'PledgePublished', Parties & { at: string }>;

export type PledgeItemProgressed = DomainEvent<'PledgeItemProgressed', Parties & { itemId: string; note: string; by: string; at: string }>;

export type PledgeItemFulfilled = DomainEvent<'PledgeItemFulfilled', Parties & { itemId: string; evidence: string; by: string; at: string }>;

export type PledgeInspected = DomainEvent<
  'PledgeInspected',
  Parties & { inspectionId: string; rating: InspectionRating; findings: string; by: string; at: string }
>;

export type PledgeEvaluated = DomainEvent<
  'PledgeEvaluated',
  Parties & { evaluationId: string; leaderComment: string; publicScore: number; by: string; at: string }
>;

/** Every item fulfilled. */
export type PledgeCompleted = DomainEvent<'PledgeCompleted', Parties & { at: string }>;

/** The escalation ladder's steps on the earliest open item's due time, on the pledge's own stream. */
export type PledgeLadderEvent = DomainEvent<LadderEventType, Pick<LadderEventData, keyof LadderEventData>>;

export type PledgeEvent =
  | PledgeDrafted
  | PledgeSigned
  | PledgeActivated
  | PledgePublished
  | PledgeItemProgressed
  | PledgeItemFulfilled
  | PledgeInspected
  | PledgeEvaluated
  | PledgeCompleted
  | PledgeLadderEvent;
