import { Injectable } from '@nestjs/common';
import { Clock, notFound } from '@app/kernel';
import { parsePeriod } from '@app/reporting';
import type { Actor } from '@app/platform';
import { changesBetween, RANKING_ERRORS, type PublishedRow } from '../domain/ranking.decider.js';
import { RankingAccess } from '../application/ranking-access.js';
import { RankingReader } from '../application/ranking-reader.js';
import { rowView, summaryOf, type RankingView } from './ranking-view.js';

export interface RankingRequest {
  supervisorOrgId: string;
  period: string;
  asOf: Date | null;
  /** `published` asks for the published version even where the caller could see the draft. */
  view?: 'current' | 'published' | null;
  actor: Actor;
}

export interface RankingAnswer {
  view: RankingView;
  /** The rows with their components (the explanation), as the view shows them. */
  rows: PublishedRow[];
}

/**
 * The ranking a caller may see: the supervisor sees the draft computed from the events (status
 * `published` when it equals the latest published version); everyone else sees the latest
 * published version (404 while none is). With asOf, both as they stood then.
 */
@Injectable()
export class RankingQueries {
  constructor(
    private readonly access: RankingAccess,
    private readonly reader: RankingReader,
    private readonly clock: Clock,
  ) {}

  async answer(request: RankingRequest): Promise<RankingAnswer> {
    const { supervisorOrgId, period, asOf, actor } = request;
    parsePeriod(period);
    const { supervisor, sight } = await this.access.sight(actor, supervisorOrgId);
    const [published, previous] = await Promise.all([
      this.reader.published(supervisor.id, period, asOf),
      this.reader.previousRows(supervisor.id, period, asOf),
    ]);
    const latest = published.versions.at(-1) ?? null;
    const base = {
      supervisorOrgId: supervisor.id,
      supervisorName: supervisor.name,
      period,
      asOf: asOf?.toISOString() ?? null,
      version: latest?.version ?? null,
      publishedAt: latest?.at ?? null,
    };
    if (sight === 'published' || request.view === 'published') {
      if (!latest) throw notFound(RANKING_ERRORS.NOT_FOUND, `No ranking of ${supervisor.id} for ${period} is published${asOf ? ` as of ${asOf.toISOString()}` : ''}`);
      const rows = latest.rows;
      return {
        rows,
        view: { ...base, status: 'published', rows: rows.map((r) => rowView(r, previous)), summary: summaryOf(rows), pending: [], changesSincePublished: [] },
      };
    }
    const live = await this.reader.live(supervisor.id, period, asOf, this.clock.now());
    const changes = latest ? changesBetween(latest.rows, live.rows) : [];
    return {
      rows: live.rows,
      view: {
        ...base,
        status: latest && changes.length === 0 ? 'published' : 'draft',
        rows: live.rows.map((r) => rowView(r, previous)),
        summary: summaryOf(live.rows),
        pending: live.pending,
        changesSincePublished: changes,
      },
    };
  }
}
