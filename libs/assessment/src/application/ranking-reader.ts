import { Injectable } from '@nestjs/common';
import { AppConfig, foldRecorded, type RecordedEvent } from '@app/kernel';
import { EventStore } from '@app/event-store';
import { organizationDecider, organizationStream, OrganizationDirectory, type OrganizationRecord } from '@app/access';
import { parsePeriod, periodEnd, periodStart, previousPeriod } from '@app/reporting';
import { assessmentDecider, assessmentStream, sourcesOf, type AssessmentEvent, type AssessmentSources, type AssessmentState } from '../domain/assessment.decider.js';
import { rankingDecider, rankingStream, type OrgStanding, type PublishedRow, type RankingPublished, type RankingState } from '../domain/ranking.decider.js';
import { rankOrganizations, scoreOrganization, type RankedRow, type ScoredOrganization, type ScoringInput } from '../domain/scoring.js';
import { AssessmentFactsQuery } from '../facts/assessment-facts.query.js';
import { AssessmentSettings } from './assessment-settings.js';

/** An assessment as the store held it at an instant, with the event that last set each component. */
export interface AssessmentAt {
  state: AssessmentState;
  sources: AssessmentSources;
  revision: number;
  history: RecordedEvent[];
}

export interface LiveRanking {
  rows: RankedRow[];
  /** Children with no finalized assessment for the period: not ranked yet. */
  pending: Array<{ orgId: string; orgName: string; status: 'none' | 'open' }>;
}

export interface PublishedRanking {
  versions: Array<RankingPublished['data'] & { eventId: string; recordedAt: string }>;
  state: RankingState;
  revision: number;
}

const visibleAt = (asOf: Date | null) => (event: RecordedEvent) => asOf === null || event.recordedAt.getTime() <= asOf.getTime();

/**
 * Computes rankings from the events: the assessments are read from their own streams (one round
 * trip for every child of the supervisor) and folded with the decider's `evolve`; the automatic
 * indicators come from the assessment facts, which carry the time each fact was recorded. With
 * `asOf`, both are cut at that instant, so a ranking is answered as the system stood then.
 */
@Injectable()
export class RankingReader {
  constructor(
    private readonly store: EventStore,
    private readonly organizations: OrganizationDirectory,
    private readonly facts: AssessmentFactsQuery,
    private readonly settings: AssessmentSettings,
    private readonly config: AppConfig,
  ) {}

  get scheme() {
    return this.settings.scheme;
  }

  async assessments(orgIds: string[], period: string, asOf: Date | null): Promise<Map<string, AssessmentAt>> {
    const streams = await this.store.readStreams(orgIds.map((id) => assessmentStream(id, period)));
    const found = new Map<string, AssessmentAt>();
    for (const orgId of orgIds) {
      const history = (streams.get(assessmentStream(orgId, period)) ?? []).filter(visibleAt(asOf));
      const sources: AssessmentSources = {};
      let state = assessmentDecider.initialState();
      for (const event of history) {
        state = assessmentDecider.evolve(state, event as unknown as AssessmentEvent);
        for (const key of sourcesOf(event)) sources[key] = event.eventId;
      }
      found.set(orgId, { state, sources, revision: history.length - 1, history });
    }
    return found;
  }

  /** The ranking as it stands from the finalized assessments of the supervisor's direct children. */
  async live(supervisorOrgId: string, period: string, asOf: Date | null, now: Date): Promise<LiveRanking> {
    parsePeriod(period);
    const children = (await this.organizations.children(supervisorOrgId)).filter((c) => !c.merged);
    const assessed = await this.assessments(children.map((c) => c.id), period, asOf);
    const finalized = children.filter((c) => {
      const a = assessed.get(c.id)!.state;
      return a.exists && a.finalized;
    });
    const pending = children
      .filter((c) => !finalized.includes(c))
      .map((c) => ({ orgId: c.id, orgName: c.name, status: assessed.get(c.id)!.state.exists ? ('open' as const) : ('none' as const) }));
    const tz = this.config.tzBusiness;
    const records = await this.facts.records(finalized.map((c) => c.id), periodStart(period, tz), new Date(periodEnd(period, tz).getTime() + 1), asOf ?? now);
    const scored = finalized.map((org) => scoreOrganization(this.inputOf(org, assessed.get(org.id)!, records.get(org.id)!), this.scheme));
    return { rows: rankOrganizations(scored, this.scheme), pending };
  }

  /** One organisation's score as it would stand if finalized now: the preview on its assessment page. */
  async preview(org: OrganizationRecord, period: string, at: AssessmentAt, now: Date): Promise<ScoredOrganization | null> {
    if (!at.state.exists) return null;
    const tz = this.config.tzBusiness;
    const records = await this.facts.records([org.id], periodStart(period, tz), new Date(periodEnd(period, tz).getTime() + 1), now);
    return scoreOrganization(this.inputOf(org, at, records.get(org.id)!), this.scheme);
  }

  private inputOf(org: OrganizationRecord, at: AssessmentAt, record: Pick<ScoringInput, 'indicators' | 'deductions'>): ScoringInput {
    const a = at.state;
    if (!a.exists) throw new Error(`no assessment of ${org.id}`);
    const source = (key: string) => at.sources[key] ?? null;
    return {
      orgId: org.id,
      orgName: org.name,
      orgKind: org.kind,
      category: a.category ?? this.scheme.categories[0]!,
      groups: Object.fromEntries(Object.entries(a.groups).map(([k, g]) => [k, { ...g, eventId: source(`group:${k}`) }])),
      items: Object.fromEntries(Object.entries(a.items).map(([k, x]) => [k, { ...x, eventId: source(`item:${k}`) }])),
      indices: Object.fromEntries(Object.entries(a.indices).map(([k, score]) => [k, { score, eventId: source(`index:${k}`) }])),
      vetoes: Object.fromEntries(Object.entries(a.vetoes).map(([k, v]) => [k, { ...v, eventId: source(`veto:${k}`) }])),
      indicators: record.indicators,
      deductions: record.deductions,
    };
  }

  /** Every published version of a ranking (as of an instant), oldest first. */
  async published(supervisorOrgId: string, period: string, asOf: Date | null): Promise<PublishedRanking> {
    const all = await this.store.readStream(rankingStream(supervisorOrgId, period));
    const history = all.filter(visibleAt(asOf));
    return {
      versions: history.map((e) => ({ ...(e.data as RankingPublished['data']), eventId: e.eventId, recordedAt: e.recordedAt.toISOString() })),
      state: foldRecorded(rankingDecider, history),
      revision: all.length - 1,
    };
  }

  /** The latest published rows of the period before (the change column), by organisation. */
  async previousRows(supervisorOrgId: string, period: string, asOf: Date | null): Promise<Map<string, PublishedRow>> {
    const { versions } = await this.published(supervisorOrgId, previousPeriod(period), asOf);
    const latest = versions.at(-1);
    return new Map((latest?.rows ?? []).map((r) => [r.orgId, r]));
  }

  /** Plaques held and backward designation of each organisation, from their streams (what publishing sets off depends on them). */
  async standings(orgIds: string[]): Promise<Record<string, OrgStanding>> {
    const streams = await this.store.readStreamsForFolding(orgIds.map(organizationStream));
    const standings: Record<string, OrgStanding> = {};
    for (const id of orgIds) {
      const state = foldRecorded(organizationDecider, streams.get(organizationStream(id)) ?? []);
      standings[id] = state.status === 'unregistered' ? { plaques: [], backward: false } : { plaques: [...state.plaques], backward: state.backward !== null };
    }
    return standings;
  }
}
