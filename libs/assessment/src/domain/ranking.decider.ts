import { assertNever, conflict, deterministicId, forbidden, type Decider, type DomainEvent } from '@app/kernel';
import { bottomOfEachCategory, summarize, TIER_LABELS, type RankedRow, type TierSummary } from './scoring.js';
import type { AssessmentScheme } from './scheme.js';

/** `ranking-<supervisorOrgId>-<period>` (DESIGN §3): the published versions of one ranking. */
export const rankingStream = (supervisorOrgId: string, period: string): string => `ranking-${supervisorOrgId}-${period}`;

export const RANKING_ERRORS = {
  NOTHING_TO_PUBLISH: 'RANKING.NOTHING_TO_PUBLISH',
  NOT_SUPERVISOR: 'RANKING.NOT_SUPERVISOR',
  NOT_FOUND: 'RANKING.NOT_FOUND',
} as const;

/** The conversation a ranking proposes with a bottom organisation: one per organisation and ranking. */
export function rankingConversationId(supervisorOrgId: string, period: string, orgId: string): string {
  return deterministicId('ranking-conversation', supervisorOrgId, period, orgId);
}

/** A row as frozen in a published version, with its explanation, so the published answer never changes after the fact. */
export type PublishedRow = Pick<RankedRow, 'orgId' | 'orgName' | 'orgKind' | 'category' | 'rank' | 'score' | 'tier' | 'vetoed' | 'stars' | 'components'>;

export interface RowChange {
  orgId: string;
  before: Pick<PublishedRow, 'rank' | 'score' | 'tier' | 'vetoed'> | null;
  after: Pick<PublishedRow, 'rank' | 'score' | 'tier' | 'vetoed'> | null;
}

/**
 * What publishing sets off (DESIGN §6, sources 001 and 003), decided here so that the event says
 * it and a reactor only carries it out: 表彰 the top three, 诫勉谈话 with the bottom one,
 * 予以调整 for a secretary bottom two years running, plaques by tier (命名授牌 / 摘牌), and the
 * bottom one designated backward (后进) until a later ranking lifts it.
 */
export interface Consequences {
  commend: Array<{ orgId: string; rank: number }>;
  conversations: Array<{ orgId: string; conversationId: string; rank: number }>;
  secretaryAdjustments: Array<{ orgId: string; previousPeriod: string }>;
  plaquesAwarded: Array<{ orgId: string; plaque: string }>;
  plaquesRevoked: Array<{ orgId: string; plaque: string }>;
  designatedBackward: Array<{ orgId: string }>;
  restored: Array<{ orgId: string }>;
}

export type RankingPublished = DomainEvent<
  'RankingPublished',
  {
    supervisorOrgId: string;
    period: string;
    version: number;
    schemeVersion: string;
    rows: PublishedRow[];
    summary: TierSummary;
    /** Against the version before (empty for version 1): the rows that changed. */
    changes: RowChange[];
    /** Why a version after the first was published. */
    reason: string | null;
    consequences: Consequences;
    publishedBy: string;
    at: string;
  }
>;
export type RankingEvent = RankingPublished;

/** What the handler knows of each ranked organisation at the time of publishing. */
export interface OrgStanding {
  plaques: string[];
  backward: boolean;
}

export interface PublishRanking {
  type: 'PublishRanking';
  supervisorOrgId: string;
  period: string;
  actor: { userId: string; orgId: string };
  now: Date;
  scheme: AssessmentScheme;
  rows: RankedRow[];
  standings: Record<string, OrgStanding>;
  /** For a yearly ranking: the bottom organisations of the previous year's last published version. */
  previousBottom: { period: string; orgIds: string[] } | null;
  reason?: string | null;
}
export type RankingCommand = PublishRanking;

export interface RankingState {
  versions: number;
  latest: PublishedRow[] | null;
  /** Consequences already set off by an earlier version, so a correction does not repeat them. */
  commended: string[];
  conversationsWith: string[];
  adjustmentsFor: string[];
  publishedAt: string | null;
}

const freeze = (row: RankedRow): PublishedRow => ({
  orgId: row.orgId,
  orgName: row.orgName,
  orgKind: row.orgKind,
  category: row.category,
  rank: row.rank,
  score: row.score,
  tier: row.tier,
  vetoed: row.vetoed,
  stars: row.stars,
  components: row.components,
});

const standingOf = (row: PublishedRow) => ({ rank: row.rank, score: row.score, tier: row.tier, vetoed: row.vetoed });
const sameStanding = (a: PublishedRow, b: PublishedRow) => a.rank === b.rank && a.score === b.score && a.tier === b.tier && a.vetoed === b.vetoed && a.stars === b.stars && a.category === b.category;

export function changesBetween(before: PublishedRow[], after: PublishedRow[]): RowChange[] {
  const old = new Map(before.map((r) => [r.orgId, r]));
  const now = new Map(after.map((r) => [r.orgId, r]));
  const ids = [...new Set([...old.keys(), ...now.keys()])].sort();
  return ids
    .filter((id) => !old.get(id) || !now.get(id) || !sameStanding(old.get(id)!, now.get(id)!))
    .map((id) => ({ orgId: id, before: old.get(id) ? standingOf(old.get(id)!) : null, after: now.get(id) ? standingOf(now.get(id)!) : null }));
}

function consequencesOf(command: PublishRanking, state: RankingState, rows: PublishedRow[]): Consequences {
  const { scheme, standings } = command;
  const inCategory = (category: string) => rows.filter((r) => r.category === category).length;
  const commend = rows.filter((r) => !r.vetoed && r.rank <= 3 && !state.commended.includes(r.orgId)).map((r) => ({ orgId: r.orgId, rank: r.rank }));
  // The bottom of a category is admonished when it is truly behind: below the top three, or failed.
  const bottoms = bottomOfEachCategory(command.rows).filter((r) => r.tier === 'failed' || (inCategory(r.category) > 3 && r.rank > 3));
  const conversations = bottoms
    .filter((r) => !state.conversationsWith.includes(r.orgId))
    .map((r) => ({ orgId: r.orgId, conversationId: rankingConversationId(command.supervisorOrgId, command.period, r.orgId), rank: r.rank }));
  const previous = command.previousBottom;
  const secretaryAdjustments = previous
    ? bottoms.filter((r) => previous.orgIds.includes(r.orgId) && !state.adjustmentsFor.includes(r.orgId)).map((r) => ({ orgId: r.orgId, previousPeriod: previous.period }))
    : [];
  const plaquesAwarded: Consequences['plaquesAwarded'] = [];
  const plaquesRevoked: Consequences['plaquesRevoked'] = [];
  const designatedBackward: Consequences['designatedBackward'] = [];
  const restored: Consequences['restored'] = [];
  const bottomIds = new Set(bottoms.map((r) => r.orgId));
  for (const row of rows) {
    const standing = standings[row.orgId] ?? { plaques: [], backward: false };
    const plaque = scheme.plaques[row.orgKind as keyof AssessmentScheme['plaques']];
    if (plaque) {
      const held = standing.plaques.includes(plaque);
      if (row.tier === 'advanced' && !held) plaquesAwarded.push({ orgId: row.orgId, plaque });
      if (row.tier !== 'advanced' && held) plaquesRevoked.push({ orgId: row.orgId, plaque });
    }
    if (bottomIds.has(row.orgId) && !standing.backward) designatedBackward.push({ orgId: row.orgId });
    if (!bottomIds.has(row.orgId) && standing.backward && row.tier !== 'failed') restored.push({ orgId: row.orgId });
  }
  return { commend, conversations, secretaryAdjustments, plaquesAwarded, plaquesRevoked, designatedBackward, restored };
}

function decide(command: RankingCommand, state: RankingState): RankingEvent[] {
  switch (command.type) {
    case 'PublishRanking': {
      if (command.actor.orgId !== command.supervisorOrgId) throw forbidden(RANKING_ERRORS.NOT_SUPERVISOR, 'Only the supervising organisation publishes its ranking');
      if (command.rows.length === 0) {
        throw conflict(RANKING_ERRORS.NOTHING_TO_PUBLISH, 'No organisation has a finalized assessment for this period; nothing to publish');
      }
      const rows = command.rows.map(freeze);
      const changes = state.latest ? changesBetween(state.latest, rows) : [];
      // Publishing what is published already changes nothing: a retry, or a second click.
      if (state.latest && changes.length === 0) return [];
      return [
        {
          type: 'RankingPublished',
          data: {
            supervisorOrgId: command.supervisorOrgId,
            period: command.period,
            version: state.versions + 1,
            schemeVersion: command.scheme.version,
            rows,
            summary: summarize(rows),
            changes,
            reason: command.reason?.trim() || null,
            consequences: consequencesOf(command, state, rows),
            publishedBy: command.actor.userId,
            at: command.now.toISOString(),
          },
        },
      ];
    }
    default:
      return assertNever(command.type, 'ranking command');
  }
}

function initialState(): RankingState {
  return { versions: 0, latest: null, commended: [], conversationsWith: [], adjustmentsFor: [], publishedAt: null };
}

function evolve(state: RankingState, event: RankingEvent): RankingState {
  switch (event.type) {
    case 'RankingPublished': {
      const c = event.data.consequences;
      return {
        versions: event.data.version,
        latest: event.data.rows,
        commended: [...state.commended, ...c.commend.map((x) => x.orgId)],
        conversationsWith: [...state.conversationsWith, ...c.conversations.map((x) => x.orgId)],
        adjustmentsFor: [...state.adjustmentsFor, ...c.secretaryAdjustments.map((x) => x.orgId)],
        publishedAt: event.data.at,
      };
    }
    default:
      return assertNever(event.type, 'ranking event');
  }
}

export const rankingDecider: Decider<RankingState, RankingCommand, RankingEvent> = { initialState, decide, evolve };

/** The bottom rows of a published version (for the next year's 予以调整 check). */
export function publishedBottom(rows: PublishedRow[]): string[] {
  const last = new Map<string, PublishedRow>();
  for (const row of rows) last.set(row.category, row);
  return [...last.values()].map((r) => r.orgId);
}

export const tierLabel = (tier: PublishedRow['tier']) => TIER_LABELS[tier];
